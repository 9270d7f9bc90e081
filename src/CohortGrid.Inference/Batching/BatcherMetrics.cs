using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CohortGrid.Inference.Batching;

/// <summary>
/// Counters of one batcher, read as snapshots for status pages and exported as
/// System.Diagnostics.Metrics instruments (meter "CohortGrid.Inference", tagged with the model id)
/// for OpenTelemetry/Prometheus.
/// </summary>
public sealed class BatcherMetrics : IDisposable
{
    public const string MeterName = "CohortGrid.Inference";

    private readonly long[] _histogram;
    private readonly Meter _meter;
    private readonly Counter<long> _rowsCounter;
    private readonly Histogram<int> _batchSizes;
    private readonly KeyValuePair<string, object?> _modelTag;
    private long _submittedRows;
    private long _completedRows;
    private long _batches;
    private long _failedBatches;
    private long _queuedRows;
    private long _firstRunTicks;
    private long _lastRunTicks;

    internal BatcherMetrics(string modelId, int maxBatchSize)
    {
        _histogram = new long[maxBatchSize + 1];
        _modelTag = new("model", modelId);
        _meter = new Meter(MeterName);
        _rowsCounter = _meter.CreateCounter<long>("cohortgrid.inference.rows", "{row}", "Rows (tiles) run through the model.");
        _batchSizes = _meter.CreateHistogram<int>("cohortgrid.inference.batch_size", "{row}", "Rows per model run.");
        _meter.CreateObservableGauge("cohortgrid.inference.queue_depth", () => new Measurement<long>(Interlocked.Read(ref _queuedRows), _modelTag), "{row}", "Rows waiting for a batch.");
    }

    public BatcherMetricsSnapshot Snapshot()
    {
        var first = Interlocked.Read(ref _firstRunTicks);
        var last = Interlocked.Read(ref _lastRunTicks);
        var seconds = first == 0 ? 0 : Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var completed = Interlocked.Read(ref _completedRows);
        lock (_histogram)
        {
            return new BatcherMetricsSnapshot(
                Interlocked.Read(ref _submittedRows),
                completed,
                Interlocked.Read(ref _queuedRows),
                Interlocked.Read(ref _batches),
                Interlocked.Read(ref _failedBatches),
                [.. _histogram],
                seconds > 0 ? completed / seconds : 0);
        }
    }

    public void Dispose() => _meter.Dispose();

    internal void Submitted(int rows)
    {
        Interlocked.Add(ref _submittedRows, rows);
        Interlocked.Add(ref _queuedRows, rows);
    }

    /// <summary>Rows that left the queue, into a batch or because their request ended.</summary>
    internal void Dequeued(int rows) => Interlocked.Add(ref _queuedRows, -rows);

    internal void BatchStarted()
    {
        Interlocked.CompareExchange(ref _firstRunTicks, Stopwatch.GetTimestamp(), 0);
    }

    internal void BatchFinished(int rows, bool failed)
    {
        Interlocked.Exchange(ref _lastRunTicks, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _batches);
        lock (_histogram)
        {
            _histogram[rows]++;
        }

        _batchSizes.Record(rows, _modelTag);
        if (failed)
        {
            Interlocked.Increment(ref _failedBatches);
            return;
        }

        Interlocked.Add(ref _completedRows, rows);
        _rowsCounter.Add(rows, _modelTag);
    }
}
