using System.Diagnostics.Metrics;

namespace CohortGrid.Grains.Services;

/// <summary>
/// The tile work of this silo: tile batches accepted and not yet finished (the silo's queue depth), tiles embedded
/// since start and tiles per second over a sliding window. One per silo (a singleton); tile grains mark each batch.
/// Read directly (<see cref="SiloWorkReporter"/> sends it to the cluster view) and published as
/// <c>System.Diagnostics.Metrics</c> instruments on meter <see cref="MeterName"/>, so an exporter (OpenTelemetry,
/// Prometheus) only needs <c>AddMeter("CohortGrid")</c>:
/// <list type="bullet">
/// <item><c>cohortgrid.tiles.embedded</c> (observable counter, <c>{tile}</c>): tiles that passed QC and were embedded.</item>
/// <item><c>cohortgrid.tile_batches.in_flight</c> (observable up-down counter, <c>{batch}</c>): batches queued or running.</item>
/// <item><c>cohortgrid.tiles.per_second</c> (observable gauge, <c>{tile}/s</c>): the sliding-window rate.</item>
/// </list>
/// The instruments read the properties when an exporter collects, so each figure is kept once.
/// Thread-safe; marking a batch costs two interlocked operations and a short lock.
/// </summary>
public sealed class SiloWorkMeter
{
    public const string MeterName = "CohortGrid";

    public const string TilesEmbeddedInstrument = "cohortgrid.tiles.embedded";

    public const string BatchesInFlightInstrument = "cohortgrid.tile_batches.in_flight";

    public const string TilesPerSecondInstrument = "cohortgrid.tiles.per_second";

    /// <summary>Span of <see cref="TilesPerSecond"/>: one-second buckets over the last ten seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(WindowSeconds);

    private const int WindowSeconds = 10;

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _bucketsLock = new();

    // Ring of per-second tile counts: _bucketSecond[i] is the second (since start) that _bucketTiles[i] counts.
    private readonly long[] _bucketSecond = new long[WindowSeconds];
    private readonly long[] _bucketTiles = new long[WindowSeconds];
    private long _tilesEmbedded;
    private int _batchesInFlight;
    private long _batchesFinished;
    private long _batchesRefused;
    private int _closed;

    /// <param name="meters">Creates the <see cref="MeterName"/> meter (owned and disposed by the factory).</param>
    /// <param name="time">Clock of the sliding window; the system clock by default.</param>
    public SiloWorkMeter(IMeterFactory meters, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        Array.Fill(_bucketSecond, -1);
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter(TilesEmbeddedInstrument, () => TilesEmbedded, "{tile}", "Tiles that passed QC and were embedded on this silo.");
        meter.CreateObservableUpDownCounter(BatchesInFlightInstrument, () => BatchesInFlight, "{batch}", "Tile batches accepted by this silo and not yet finished (queued or running).");
        meter.CreateObservableGauge(TilesPerSecondInstrument, () => TilesPerSecond, "{tile}/s", $"Tiles embedded per second on this silo over the last {WindowSeconds} s.");
    }

    /// <summary>Tiles embedded on this silo since it started.</summary>
    public long TilesEmbedded => Interlocked.Read(ref _tilesEmbedded);

    /// <summary>Tile batches accepted and not yet finished: waiting for the encoder or running.</summary>
    public int BatchesInFlight => Volatile.Read(ref _batchesInFlight);

    /// <summary>Tiles embedded per second over the last <see cref="Window"/> (less while the silo is younger than that).</summary>
    public double TilesPerSecond
    {
        get
        {
            var elapsed = _time.GetElapsedTime(_started);
            var now = (long)elapsed.TotalSeconds;
            long tiles = 0;
            lock (_bucketsLock)
            {
                for (var i = 0; i < WindowSeconds; i++)
                {
                    if (_bucketSecond[i] > now - WindowSeconds)
                    {
                        tiles += _bucketTiles[i];
                    }
                }
            }

            // The buckets cover the current (partial) second and the nine full ones before it; never divide by less
            // than a second, so the first batch after start does not read as a burst.
            var span = Math.Min(elapsed.TotalSeconds, WindowSeconds - 1 + (elapsed.TotalSeconds - now));
            return tiles / Math.Max(1, span);
        }
    }

    /// <summary>Tile batches finished (succeeded or failed) since the silo started.</summary>
    public long BatchesFinished => Interlocked.Read(ref _batchesFinished);

    /// <summary>Tile batches refused because the silo was closed (<see cref="Close"/>).</summary>
    public long BatchesRefused => Interlocked.Read(ref _batchesRefused);

    /// <summary>True once <see cref="Close"/> was called: no batch starts any more.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Accepts a tile batch unless the meter is closed (the silo is stopping); true when accepted, then pair with
    /// <see cref="BatchFinished"/>. Either a batch counts in <see cref="BatchesInFlight"/> before <see cref="Close"/>
    /// reads it, or it sees the meter closed and is refused: both sides write, then read, with full fences.
    /// </summary>
    public bool TryStartBatch()
    {
        Interlocked.Increment(ref _batchesInFlight);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _batchesInFlight);
            Interlocked.Increment(ref _batchesRefused);
            return false;
        }

        return true;
    }

    /// <summary>A tile batch finished, whether it succeeded or failed.</summary>
    public void BatchFinished()
    {
        Interlocked.Decrement(ref _batchesInFlight);
        Interlocked.Increment(ref _batchesFinished);
    }

    /// <summary>
    /// Refuses every batch from now on (<see cref="TryStartBatch"/> returns false) and returns the batches still in flight,
    /// which will finish: after this, <see cref="BatchesInFlight"/> only goes down.
    /// </summary>
    public int Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        return Volatile.Read(ref _batchesInFlight);
    }

    /// <summary>Counts <paramref name="tiles"/> tiles embedded now.</summary>
    public void AddTiles(int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tiles);
        if (tiles == 0)
        {
            return;
        }

        Interlocked.Add(ref _tilesEmbedded, tiles);
        var second = (long)_time.GetElapsedTime(_started).TotalSeconds;
        var slot = (int)(second % WindowSeconds);
        lock (_bucketsLock)
        {
            if (_bucketSecond[slot] != second)
            {
                _bucketSecond[slot] = second;
                _bucketTiles[slot] = 0;
            }

            _bucketTiles[slot] += tiles;
        }
    }
}
