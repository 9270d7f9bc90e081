using CohortGrid.Contracts;

namespace CohortGrid.Silo.Metrics;

/// <summary>The cluster-wide work every host process exports: cohorts not finished and their slides not yet done.</summary>
/// <param name="CohortsRunning">Cohorts registered and not finished (pending, running or waiting for a GPU silo).</param>
/// <param name="SlidesPending">Slides of those cohorts that are pending or running.</param>
/// <param name="TilesPending">
/// Tiles of those slides planned and not yet done (a slide not yet planned reports no tiles, so only
/// <paramref name="SlidesPending"/> counts it).
/// </param>
public sealed record ClusterWork(int CohortsRunning, int SlidesPending, long TilesPending = 0);

/// <summary>Reads <see cref="ClusterWork"/> (a seam for tests).</summary>
public interface IClusterWorkSource
{
    Task<ClusterWork> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ClusterWork"/> from grain calls, so it works in a silo and in an Orleans client (the API process) alike:
/// the registry's unfinished cohorts, then each one's status, at once.
/// </summary>
public sealed class GrainClusterWorkSource(IGrainFactory grains) : IClusterWorkSource
{
    public async Task<ClusterWork> ReadAsync(CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<ICohortRegistryGrain>(0).ListUnfinished().WaitAsync(cancellationToken).ConfigureAwait(false);
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICohortGrain>(id).GetStatus())).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Count(statuses);
    }

    /// <summary>
    /// Unfinished cohorts among <paramref name="statuses"/>, their slides that are neither done, failed nor cancelled, and
    /// the planned tiles of those slides not yet done.
    /// </summary>
    public static ClusterWork Count(IEnumerable<CohortStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var open = statuses.Where(s => !s.IsFinished).ToList();
        var slides = open.SelectMany(c => c.Slides).Where(s => s.State is SlideState.Pending or SlideState.Running).ToList();
        return new ClusterWork(open.Count, slides.Count, slides.Sum(s => (long)Math.Max(0, s.TilesTotal - s.TilesDone)));
    }
}
