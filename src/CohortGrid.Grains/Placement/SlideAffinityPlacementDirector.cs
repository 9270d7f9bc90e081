using CohortGrid.Contracts;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Chooses, among the compatible silos (already narrowed by placement filters such as
/// <see cref="GpuSiloPlacementFilterDirector"/>), the one that <see cref="RendezvousHash"/> assigns to the grain's slide key.
/// </summary>
/// <remarks>
/// Silos are identified by their <see cref="SiloRoles.NodeMetadataKey"/> metadata (pod or host name) so a restarted silo,
/// which gets a new <see cref="SiloAddress"/> generation, takes its slides back; silos without it fall back to their
/// endpoint. Placement hints are ignored on purpose: honouring them would split a slide across silos.
/// </remarks>
public sealed class SlideAffinityPlacementDirector(ISiloMetadataCache siloMetadataCache) : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(ChooseSilo(
            target.GrainIdentity.Key.ToString(),
            context.GetCompatibleSilos(target),
            silo => siloMetadataCache.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRoles.NodeMetadataKey)));

    /// <summary>The silo, among <paramref name="silos"/>, that owns the slide of tile <paramref name="tileKey"/>.</summary>
    internal static SiloAddress ChooseSilo(string tileKey, IEnumerable<SiloAddress> silos, Func<SiloAddress, string?> nodeNameOf)
    {
        // Newest generation first: while a restarted silo's previous incarnation is not yet declared dead, both carry the
        // same node name and weight, and the first of equal weights wins.
        var candidates = silos
            .OrderByDescending(silo => silo.Generation)
            .ThenBy(silo => silo)
            .ToArray();
        var nodes = Array.ConvertAll(candidates, silo => nodeNameOf(silo) is { Length: > 0 } node ? node : silo.Endpoint.ToString());
        return candidates[RendezvousHash.ChooseIndex(TileSlideKey.Of(tileKey), nodes)];
    }
}
