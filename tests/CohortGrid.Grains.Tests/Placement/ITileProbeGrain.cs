namespace CohortGrid.Grains.Tests.Placement;

/// <summary>Stand-in for a tile grain (key <c>{slideKey}/{batchIndex}</c>) that reports where it was activated.</summary>
public interface ITileProbeGrain : IGrainWithStringKey
{
    /// <summary>The silo hosting this activation.</summary>
    Task<SiloAddress> GetSiloAsync();
}
