using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Analytics;

public sealed class AnalysisErrorTests
{
    [Fact]
    public async Task A_cohort_whose_outcomes_cannot_train_a_head_completes_and_says_why()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path);
        var manifest = CohortTestData.Manifest(3, "all censored") with
        {
            Clinical = [.. Enumerable.Range(1, 3).Select(i => new ClinicalRecord($"p{i:00}", 100 * i, 0, new Dictionary<string, double>()))],
        };
        var cohort = cluster.Client.GetGrain<ICohortGrain>("censored");

        await cohort.Submit(new CohortSubmission(manifest, CohortTestData.EncoderId));
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(120));

        Assert.Equal(CohortState.Completed, status.State);
        var folder = Path.Combine(data.Path, "results", "cohorts", "censored");
        using var error = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "analysis_error.json"), TestContext.Current.CancellationToken));
        Assert.Equal("input", error.RootElement.GetProperty("kind").GetString());
        Assert.Contains("at least 2 events", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "survival.json")));
        Assert.True(File.Exists(Path.Combine(folder, "slide_vectors.parquet")));
    }
}
