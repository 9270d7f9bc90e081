using System.Diagnostics;
using CohortGrid.Contracts;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Holds a starting silo back, before it opens its gateway and runs its startup tasks, until its silo metadata cache knows
/// the role of every other active silo (at most <see cref="Timeout"/>).
/// </summary>
/// <remarks>
/// The cache fills in the background from membership updates. A GPU silo that joined a moment ago and already took a
/// client's call through its gateway would otherwise place a cohort or slide grain while it knows no CPU silo: the CPU
/// filter falls back to every silo, and the orchestration could land on a silo that may be scaled in. Runs at
/// <see cref="ServiceLifecycleStage.BecomeActive"/>, the stage before the gateway and the startup tasks; a silo whose
/// metadata cannot be read (killed, not yet declared dead) only delays the start by the timeout.
/// </remarks>
public sealed class SiloMetadataWarmup(ISiloStatusOracle oracle, ISiloMetadataCache cache, ILocalSiloDetails local, ILogger<SiloMetadataWarmup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The longest a start waits.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SiloMetadataWarmup), ServiceLifecycleStage.BecomeActive, WaitAsync, _ => Task.CompletedTask);
    }

    /// <summary>Active silos other than this one whose role the cache does not know yet.</summary>
    public IReadOnlyList<SiloAddress> Unknown() =>
        [.. oracle.GetApproximateSiloStatuses(onlyActive: true).Keys
            .Where(silo => !silo.Equals(local.SiloAddress) && !cache.GetSiloMetadata(silo).Metadata.ContainsKey(SiloRoles.MetadataKey))];

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<SiloAddress> unknown;
        while ((unknown = Unknown()).Count > 0 && watch.Elapsed < Timeout)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        if (unknown.Count > 0)
        {
            GrainLog.MetadataIncomplete(logger, watch.Elapsed.TotalSeconds, string.Join(", ", unknown));
        }
    }
}
