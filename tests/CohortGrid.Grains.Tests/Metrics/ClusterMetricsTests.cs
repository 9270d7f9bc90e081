using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Metrics;

public sealed class ClusterMetricsTests
{
    [Fact]
    public async Task Every_silo_reports_its_address_name_and_role_and_the_latest_report_wins()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(2, name => name == "Silo_0" ? "cpu" : "gpu", data.Path);
        var metrics = cluster.Client.GetGrain<IClusterMetricsGrain>(0);

        // Each silo's reporter sends its figures every two seconds from the moment it is active.
        var expected = cluster.GetActiveSilos().ToDictionary(s => s.SiloAddress.ToParsableString(), s => s.Name, StringComparer.Ordinal);
        IReadOnlyList<SiloWorkReport> reports = [];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!expected.Keys.All(address => reports.Any(r => r.SiloAddress == address && r.Role.Length > 0)))
        {
            await Task.Delay(200, deadline.Token);
            reports = await metrics.GetReports();
        }

        foreach (var report in reports.Where(r => expected.ContainsKey(r.SiloAddress)))
        {
            Assert.Equal(expected[report.SiloAddress], report.Name);
            Assert.Equal(report.Name == "Silo_0" ? "cpu" : "gpu", report.Role);
            Assert.Equal(0, report.QueueDepth);
            Assert.Equal(0, report.TilesEmbedded);
        }

        // Reports are kept per silo address, the newest replacing the one before; the list is ordered by name.
        var at = DateTimeOffset.UtcNow;
        await metrics.Report(new SiloWorkReport("10.0.0.9:11111@1", "zz-extra", "gpu", 12.5, 3, 400, at));
        await metrics.Report(new SiloWorkReport("10.0.0.9:11111@1", "zz-extra", "gpu", 20, 1, 600, at.AddSeconds(2)));
        await metrics.Report(new SiloWorkReport("10.0.0.9:11111@1", "zz-extra", "gpu", 5, 9, 100, at.AddSeconds(1))); // late: ignored

        // One-way: delivered soon, not necessarily before the next call.
        var latest = await metrics.GetReports();
        while (!latest.Any(r => r.SiloAddress == "10.0.0.9:11111@1" && r.TilesEmbedded == 600))
        {
            await Task.Delay(100, deadline.Token);
            latest = await metrics.GetReports();
        }

        var extra = Assert.Single(latest, r => r.SiloAddress == "10.0.0.9:11111@1");
        Assert.Equal((20d, 1, 600L), (extra.TilesPerSecond, extra.QueueDepth, extra.TilesEmbedded));
        Assert.Equal(latest.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Name), latest.Select(r => r.Name));
    }
}
