using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Makes a stopping silo finish its tile batches before its messaging stops, so a GPU silo told to stop (SIGTERM, a
/// scale-in) hands back every batch it accepted with its result and none is embedded twice.
/// </summary>
/// <remarks>
/// Orleans stops a silo stage by stage, highest first. At <see cref="ServiceLifecycleStage.Active"/> this logs the batches
/// in flight. At <see cref="ServiceLifecycleStage.BecomeActive"/> the silo turns <c>ShuttingDown</c> in the membership
/// (placement elsewhere stops choosing it; it creates no new activation). At <see cref="ServiceLifecycleStage.GrainDeactivation"/>
/// Orleans deactivates its grains, each after its running call; alongside, before the grain directory is handed off,
/// application messages are blocked and the message center stops, this waits until
/// <see cref="SiloWorkMeter.BatchesInFlight"/> is 0, bounded by the host's shutdown timeout (the stop token), and logs
/// how long it took and the tiles embedded since start.
/// </remarks>
public sealed class TileWorkDrain(SiloWorkMeter meter, ILogger<TileWorkDrain> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often the drain looks at the count.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe($"{nameof(TileWorkDrain)}.Announce", ServiceLifecycleStage.Active, _ => Task.CompletedTask, AnnounceAsync);
        lifecycle.Subscribe(nameof(TileWorkDrain), ServiceLifecycleStage.GrainDeactivation, _ => Task.CompletedTask, DrainAsync);
    }

    /// <summary>Returns once no tile batch is in flight, or when <paramref name="cancellationToken"/> is cancelled; true when drained.</summary>
    public async Task<bool> WaitUntilDrainedAsync(CancellationToken cancellationToken)
    {
        while (meter.BatchesInFlight > 0)
        {
            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    private Task AnnounceAsync(CancellationToken cancellationToken)
    {
        GrainLog.StoppingWithBatches(logger, meter.BatchesInFlight, meter.TilesEmbedded);
        return Task.CompletedTask;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await WaitUntilDrainedAsync(cancellationToken).ConfigureAwait(false);
        GrainLog.Drained(logger, meter.BatchesInFlight, Stopwatch.GetElapsedTime(started).TotalSeconds, meter.TilesEmbedded);
    }
}
