using Orleans.Concurrency;

namespace CohortGrid.Contracts;

/// <summary>
/// The latest work report of every silo (key 0), in memory only: each silo sends one every two seconds, and a report
/// older than a minute is dropped, so a silo that left stops showing figures. Lets an API process that is only an
/// Orleans client show per-silo tiles/s and queue depth without reaching into the silos.
/// </summary>
public interface IClusterMetricsGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the report of <see cref="SiloWorkReport.SiloAddress"/>. Fire and forget: a lost report is replaced two seconds later.</summary>
    [OneWay]
    Task Report(SiloWorkReport report);

    /// <summary>The latest report of each silo that reported in the last minute, by silo name.</summary>
    Task<IReadOnlyList<SiloWorkReport>> GetReports();
}

/// <summary>What one silo reports about its tile work.</summary>
/// <param name="SiloAddress">The silo's address as <c>SiloAddress.ToParsableString()</c> writes it: <c>ip:port@generation</c>.</param>
/// <param name="Name">Silo name.</param>
/// <param name="Role">The silo's roles (<see cref="SiloRoles.MetadataKey"/>), e.g. <c>cpu,gpu</c>.</param>
/// <param name="TilesPerSecond">Tiles embedded per second over the last ten seconds.</param>
/// <param name="QueueDepth">Tile batches accepted and not finished (waiting for the encoder or running).</param>
/// <param name="TilesEmbedded">Tiles embedded since the silo started.</param>
/// <param name="ReportedAt">When the silo sent the report (its clock).</param>
[GenerateSerializer, Immutable]
public sealed record SiloWorkReport(
    [property: Id(0)] string SiloAddress,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] double TilesPerSecond,
    [property: Id(4)] int QueueDepth,
    [property: Id(5)] long TilesEmbedded,
    [property: Id(6)] DateTimeOffset ReportedAt);
