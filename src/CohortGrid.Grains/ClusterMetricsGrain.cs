using System.Diagnostics;
using CohortGrid.Contracts;
using CohortGrid.Grains.Placement;

namespace CohortGrid.Grains;

/// <summary>
/// The latest work report of every silo (key 0), kept in memory only: after a restart or a move the silos fill it
/// again within one report interval. A report not replaced for <see cref="Retention"/> (by this grain's clock, so
/// silo clocks need not agree) is dropped.
/// </summary>
[CpuSiloPlacementFilter]
public sealed class ClusterMetricsGrain : Grain, IClusterMetricsGrain
{
    /// <summary>How long a report is kept without a newer one from the same silo.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Received> _reports = new(StringComparer.Ordinal);

    public Task Report(SiloWorkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        // One-way messages may overtake each other: a late report never replaces a newer one of the same silo.
        if (!_reports.TryGetValue(report.SiloAddress, out var known) || report.ReportedAt >= known.Report.ReportedAt)
        {
            _reports[report.SiloAddress] = new Received(report, Stopwatch.GetTimestamp());
        }

        DropExpired();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloWorkReport>> GetReports()
    {
        DropExpired();
        return Task.FromResult<IReadOnlyList<SiloWorkReport>>(
            [.. _reports.Values.Select(r => r.Report).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.SiloAddress, StringComparer.Ordinal)]);
    }

    private void DropExpired()
    {
        foreach (var (silo, received) in _reports)
        {
            if (Stopwatch.GetElapsedTime(received.At) > Retention)
            {
                _reports.Remove(silo);
            }
        }
    }

    private readonly record struct Received(SiloWorkReport Report, long At);
}
