using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>
/// The co-hosted cluster of the silo host and <c>cohortgrid run</c>: calls from the host reach grains
/// without serialization, so whatever the caller built ends up in grain state and must read back.
/// </summary>
public sealed class LocalClusterRestartTests
{
    [Fact]
    public async Task A_cohort_submitted_in_process_reads_back_after_the_host_restarts()
    {
        using var data = new TempDirectory();
        void Configure(CohortGridOptions o)
        {
            o.DataDirectory = data.Path;
            o.ModelsDirectory = CohortTestData.ModelsDirectory;
            o.AllowedRoots.Add(CohortTestData.Root);
        }

        // Built the way callers write it: collection expressions give compiler-generated list types.
        var manifest = new CohortManifest
        {
            Name = "in-process",
            Slides = [.. CohortTestData.Slides.Take(2).Select((path, i) => new ManifestSlide($"s{i}", $"p{i}", path))],
            Clinical = [new ClinicalRecord("p0", 12.5, 1, new Dictionary<string, double> { ["age"] = 61 })],
        };
        using (var first = LocalCohortCluster.Build(Configure))
        {
            await first.StartAsync(TestContext.Current.CancellationToken);
            await first.Grains().GetGrain<ICohortGrain>("local").Submit(new CohortSubmission(manifest, CohortTestData.EncoderId));
            await first.StopAsync(TestContext.Current.CancellationToken);
        }

        using var second = LocalCohortCluster.Build(Configure);
        await second.StartAsync(TestContext.Current.CancellationToken);
        var status = await CohortCluster.WaitAsync(second.Grains().GetGrain<ICohortGrain>("local"), s => s.IsFinished, TimeSpan.FromSeconds(120));
        await second.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(CohortState.Completed, status.State);
        Assert.Equal(2, status.SlidesCompleted);
    }
}
