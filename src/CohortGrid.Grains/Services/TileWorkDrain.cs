using System.Diagnostics;
using CohortGrid.Contracts;
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
/// Orleans deactivates its grains, each after its running call; alongside, before the grain directory is handed off
/// and the message center stops, this closes the <see cref="SiloWorkMeter"/> (a tile grain asked for a batch from then
/// on refuses it unembedded, <see cref="TileBatchException.SiloStoppingReason"/>, and its slide grain sends it to another
/// GPU silo), waits until <see cref="SiloWorkMeter.BatchesInFlight"/> is 0, bounded by the host's shutdown timeout (the
/// stop token), gives the last responses <see cref="ResponseGrace"/> to leave when batches were in flight at the close,
/// and logs how long it took, the batches finished since the close and refused, and the tiles embedded since start.
/// Every batch the silo accepted is therefore finished and answered here, and no batch it did not finish was embedded.
/// </remarks>
public sealed class TileWorkDrain(SiloWorkMeter meter, ILogger<TileWorkDrain> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often the drain looks at the count.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// After batches in flight at the close finished, how long the drain still holds the stop so their responses leave
    /// before the message center stops.
    /// </summary>
    public static readonly TimeSpan ResponseGrace = TimeSpan.FromMilliseconds(500);

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
        var inFlight = meter.Close();
        var drained = await WaitUntilDrainedAsync(cancellationToken).ConfigureAwait(false);
        if (drained && inFlight > 0)
        {
            try
            {
                await Task.Delay(ResponseGrace, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout ran out.
            }
        }

        // No batch starts after the close, so those it counted less those left have finished (a batch refused in the
        // same instant may be counted too: then the figure is one high and the grace was not needed).
        var left = meter.BatchesInFlight;
        GrainLog.Drained(logger, left, Stopwatch.GetElapsedTime(started).TotalSeconds, meter.TilesEmbedded, inFlight - left, meter.BatchesRefused);
    }
}
