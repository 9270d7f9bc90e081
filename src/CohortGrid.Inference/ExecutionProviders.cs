using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.Inference;

/// <summary>
/// Chooses the execution provider: the accelerators asked for, in order, when this ONNX Runtime
/// build has them; CPU otherwise, with the reason kept for the log and the model's status.
/// </summary>
internal static class ExecutionProviders
{
    public const string CudaName = "CUDAExecutionProvider";
    public const string TensorRtName = "TensorrtExecutionProvider";

    /// <summary>Providers compiled into the loaded ONNX Runtime (the CPU package has only CPUExecutionProvider).</summary>
    public static IReadOnlyList<string> Available => OrtEnv.Instance().GetAvailableProviders();

    public static bool IsCompiledIn(ExecutionProviderKind kind) =>
        Available.Contains(kind == ExecutionProviderKind.TensorRt ? TensorRtName : CudaName);

    /// <summary>Accelerators to try, best first, for a request.</summary>
    public static IReadOnlyList<ExecutionProviderKind> Candidates(ExecutionProviderKind requested) => requested switch
    {
        ExecutionProviderKind.Auto => [ExecutionProviderKind.TensorRt, ExecutionProviderKind.Cuda],
        ExecutionProviderKind.TensorRt => [ExecutionProviderKind.TensorRt, ExecutionProviderKind.Cuda],
        ExecutionProviderKind.Cuda => [ExecutionProviderKind.Cuda],
        _ => [],
    };

    /// <summary>
    /// Adds <paramref name="kind"/> to the options. Returns null on success, else why it cannot be
    /// used here (not compiled in, or the driver/device refused).
    /// </summary>
    public static string? TryAppend(SessionOptions options, ExecutionProviderKind kind, int deviceId)
    {
        var name = kind == ExecutionProviderKind.TensorRt ? TensorRtName : CudaName;
        if (!IsCompiledIn(kind))
        {
            return $"{Display(kind)} was requested but this ONNX Runtime build has no {name} (the CPU package; GPU images build with -p:OnnxRuntimeFlavor=Gpu)";
        }

        try
        {
            if (kind == ExecutionProviderKind.TensorRt)
            {
                options.AppendExecutionProvider_Tensorrt(deviceId);
            }
            else
            {
                options.AppendExecutionProvider_CUDA(deviceId);
            }

            return null;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return $"{Display(kind)} could not be initialised on device {deviceId}: {ex.Message}";
        }
    }

    public static string Display(ExecutionProviderKind kind) => kind switch
    {
        ExecutionProviderKind.Cuda => "CUDA",
        ExecutionProviderKind.TensorRt => "TensorRT",
        ExecutionProviderKind.Cpu => "CPU",
        _ => "auto",
    };
}
