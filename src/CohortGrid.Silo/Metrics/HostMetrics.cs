using CohortGrid.Grains.Services;
using Prometheus;

namespace CohortGrid.Silo.Metrics;

/// <summary>
/// The Prometheus metrics of one host process (<c>GET /metrics</c>), in a registry of its own:
/// <list type="bullet">
/// <item><c>cohortgrid_slides_pending</c>, <c>cohortgrid_cohorts_running</c>, <c>cohortgrid_tiles_pending</c>,
/// <c>cohortgrid_tile_batches_pending</c> (gauges, cluster-wide, every process): read
/// through grain calls at scrape time and kept for <see cref="HostMetricsOptions.ClusterRefresh"/>; a failed or slow read
/// is logged and the last figures stay.</item>
/// <item><c>cohortgrid_tile_batches_in_flight</c>, <c>cohortgrid_tiles_per_second</c> (gauges) and
/// <c>cohortgrid_tiles_embedded_total</c> (counter): this silo's <see cref="SiloWorkMeter"/>; silos only.</item>
/// <item><c>cohortgrid_silo_info{role, silo, address}</c> = 1.</item>
/// <item>prometheus-net's process and .NET runtime metrics (<c>process_*</c>, <c>dotnet_*</c>).</item>
/// </list>
/// </summary>
public sealed class HostMetrics
{
    public const string SlidesPending = "cohortgrid_slides_pending";
    public const string CohortsRunning = "cohortgrid_cohorts_running";
    public const string TilesPending = "cohortgrid_tiles_pending";
    public const string BatchesPending = "cohortgrid_tile_batches_pending";
    public const string BatchesInFlight = "cohortgrid_tile_batches_in_flight";
    public const string TilesPerSecond = "cohortgrid_tiles_per_second";
    public const string TilesEmbedded = "cohortgrid_tiles_embedded_total";
    public const string SiloInfo = "cohortgrid_silo_info";

    private readonly IClusterWorkSource _cluster;
    private readonly HostMetricsOptions _options;
    private readonly SiloWorkMeter? _meter;
    private readonly ILogger<HostMetrics> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Gauge _slidesPending;
    private readonly Gauge _cohortsRunning;
    private readonly Gauge _tilesPending;
    private readonly Gauge _batchesPending;
    private readonly Gauge? _batchesInFlight;
    private readonly Gauge? _tilesPerSecond;
    private readonly Counter? _tilesEmbedded;
    private long? _refreshedAt;

    /// <param name="cluster">Where the cluster-wide figures come from.</param>
    /// <param name="options">Role, node, address and refresh settings.</param>
    /// <param name="logger">Logs reads that failed.</param>
    /// <param name="meter">This silo's work; null in the API process.</param>
    /// <param name="time">Clock of the refresh interval; the system clock by default.</param>
    public HostMetrics(IClusterWorkSource cluster, HostMetricsOptions options, ILogger<HostMetrics> logger, SiloWorkMeter? meter = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _cluster = cluster;
        _options = options;
        _meter = meter;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _slidesPending = factory.CreateGauge(SlidesPending, "Slides of unfinished cohorts not yet done (pending or running), cluster-wide.");
        _cohortsRunning = factory.CreateGauge(CohortsRunning, "Cohorts registered and not finished, cluster-wide.");
        _tilesPending = factory.CreateGauge(TilesPending, "Tiles planned for running slides and not yet done, cluster-wide (slides not yet planned count in cohortgrid_slides_pending only).");
        _batchesPending = factory.CreateGauge(BatchesPending, "Tile batches those pending tiles make (cohortgrid_tiles_pending over CohortGrid:TilesPerBatch, rounded up), cluster-wide.");
        if (meter is not null)
        {
            _batchesInFlight = factory.CreateGauge(BatchesInFlight, "Tile batches this silo accepted and has not finished (queued for the encoder or running).");
            _tilesPerSecond = factory.CreateGauge(TilesPerSecond, "Tiles embedded per second on this silo over the last 10 s.");
            _tilesEmbedded = factory.CreateCounter(TilesEmbedded, "Tiles that passed QC and were embedded on this silo since it started.");
        }

        factory.CreateGauge(SiloInfo, "This process: its role, node name and silo address (empty for the API).", "role", "silo", "address")
            .WithLabels(options.Role, options.Node, options.Address)
            .Set(1);
        Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    /// <summary>The registry <c>GET /metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Brings every value up to date; never throws for a failed read (the scrape goes on with the last figures).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_meter is not null)
        {
            _batchesInFlight!.Set(_meter.BatchesInFlight);
            _tilesPerSecond!.Set(Math.Round(_meter.TilesPerSecond, 3));
            _tilesEmbedded!.IncTo(_meter.TilesEmbedded);
        }

        if (IsFresh())
        {
            return;
        }

        // Concurrent scrapes share one read: the second waits, then finds the figures fresh.
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh())
            {
                return;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.ClusterTimeout);
                var work = await _cluster.ReadAsync(timeout.Token).ConfigureAwait(false);
                _slidesPending.Set(work.SlidesPending);
                _cohortsRunning.Set(work.CohortsRunning);
                _tilesPending.Set(work.TilesPending);
                _batchesPending.Set(Math.Ceiling(work.TilesPending / (double)Math.Max(1, _options.TilesPerBatch)));
                _refreshedAt = _time.GetTimestamp();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                HostLog.ClusterWorkUnavailable(_logger, $"{ex.GetType().Name}: {ex.Message}");
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private bool IsFresh() => _refreshedAt is { } at && _time.GetElapsedTime(at) < _options.ClusterRefresh;
}
