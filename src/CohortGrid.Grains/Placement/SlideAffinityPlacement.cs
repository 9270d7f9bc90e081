namespace CohortGrid.Grains.Placement;

/// <summary>
/// Places a tile grain (key <c>{slideKey}/{batchIndex}</c>) on the compatible silo chosen by rendezvous hashing of its
/// slide key, so every batch of a slide lands on the same silo and reuses its slide-file cache.
/// Applied with <see cref="SlideAffinityPlacementAttribute"/>; the work is done by <see cref="SlideAffinityPlacementDirector"/>.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SlideAffinityPlacement : PlacementStrategy
{
    internal static SlideAffinityPlacement Singleton { get; } = new();
}
