namespace CohortGrid.Inference;

/// <summary>Which accelerator to ask ONNX Runtime for.</summary>
public enum ExecutionProviderKind
{
    /// <summary>TensorRT, then CUDA, when present; otherwise CPU.</summary>
    Auto,

    Cpu,

    Cuda,

    TensorRt,
}
