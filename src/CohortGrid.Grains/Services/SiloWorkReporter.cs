using CohortGrid.Contracts;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Sends this silo's <see cref="SiloWorkMeter"/> figures, with its address, name and role, to the
/// <see cref="IClusterMetricsGrain"/> every <see cref="Interval"/> while the silo is active, so the cluster view
/// (which may run in a client process) shows them. Runs from the silo's <see cref="ServiceLifecycleStage.Active"/>
/// stage until shutdown; a report that cannot be sent (the grain's silo just left, the cluster is busy) is logged at
/// debug level and the next one goes out as usual.
/// </summary>
public sealed class SiloWorkReporter(
    SiloWorkMeter meter,
    ILocalSiloDetails silo,
    ISiloMetadataCache metadata,
    IGrainFactory grains,
    ILogger<SiloWorkReporter> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>Time between reports.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SiloWorkReporter), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <summary>The report this silo would send now. The role comes from the silo's own metadata.</summary>
    public SiloWorkReport Snapshot()
    {
        var own = metadata.GetSiloMetadata(silo.SiloAddress).Metadata;
        return new SiloWorkReport(
            silo.SiloAddress.ToParsableString(),
            silo.Name,
            own.GetValueOrDefault(SiloRoles.MetadataKey) ?? "",
            meter.TilesPerSecond,
            meter.BatchesInFlight,
            meter.TilesEmbedded,
            DateTimeOffset.UtcNow);
    }

    public void Dispose() => _stopping.Dispose();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        // Off the lifecycle's context: the loop lives until StopAsync.
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown was cut short; the loop ends with the process.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                await SendAsync().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SendAsync()
    {
        try
        {
            // One-way: completes once the message is on its way.
            await grains.GetGrain<IClusterMetricsGrain>(0).Report(Snapshot()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            GrainLog.WorkReportFailed(logger, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
