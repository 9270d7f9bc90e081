namespace CohortGrid.Inference;

/// <summary>How models are loaded and run.</summary>
public sealed record InferenceOptions
{
    public ExecutionProviderKind Provider { get; init; } = ExecutionProviderKind.Auto;

    /// <summary>GPU ordinal for CUDA/TensorRT.</summary>
    public int DeviceId { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 means one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Run one batch at load time, so the first real batch does not pay for allocation and kernel selection.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Round outputs to half precision (embeddings stored as float16 take half the space).</summary>
    public bool Fp16Output { get; init; }

    public static InferenceOptions Default { get; } = new();
}
