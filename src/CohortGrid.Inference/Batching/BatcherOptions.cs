namespace CohortGrid.Inference.Batching;

/// <summary>How the batcher trades latency for full batches.</summary>
public sealed record BatcherOptions
{
    /// <summary>Rows per model run at most (the accelerator's sweet spot; 32 for most encoders on one GPU).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>How long a partly filled batch waits for more rows while the model is idle.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Requests allowed to wait; submitters beyond it wait for room (back-pressure).</summary>
    public int MaxQueuedRequests { get; init; } = 256;

    public static BatcherOptions Default { get; } = new();

    public void Validate()
    {
        if (MaxBatchSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "Batch size must be between 1 and 4096.");
        }

        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWait), MaxWait, "Max wait must be between 0 and 10 s.");
        }

        if (MaxQueuedRequests < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedRequests), MaxQueuedRequests, "At least one request must be able to queue.");
        }
    }
}
