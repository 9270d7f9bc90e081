namespace CohortGrid.Inference.Batching;

/// <summary>A consistent read of a batcher's counters.</summary>
/// <param name="SubmittedRows">Rows submitted since start.</param>
/// <param name="CompletedRows">Rows run successfully.</param>
/// <param name="QueueDepth">Rows waiting for a batch now.</param>
/// <param name="Batches">Model runs, failed ones included.</param>
/// <param name="FailedBatches">Model runs that raised an error.</param>
/// <param name="BatchSizeHistogram">Index n: how many runs had n rows.</param>
/// <param name="RowsPerSecond">Completed rows per second between the first and the latest run.</param>
public sealed record BatcherMetricsSnapshot(
    long SubmittedRows,
    long CompletedRows,
    long QueueDepth,
    long Batches,
    long FailedBatches,
    IReadOnlyList<long> BatchSizeHistogram,
    double RowsPerSecond)
{
    /// <summary>Mean rows per run.</summary>
    public double MeanBatchSize => Batches == 0 ? 0 : BatchSizeHistogram.Select((count, size) => count * size).Sum() / (double)Batches;
}
