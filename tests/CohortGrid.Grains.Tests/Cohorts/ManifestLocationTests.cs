using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>Slide locations the cluster must refuse at submission, before any state, result or tile exists.</summary>
public sealed class ManifestLocationTests
{
    [Fact]
    public async Task A_manifest_pointing_outside_the_allowed_roots_is_rejected_before_any_work_starts()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path);
        var outside = Path.Combine(data.Path, "elsewhere", "s9.svs");
        var manifest = new CohortManifest
        {
            Name = "escape",
            Slides =
            [
                new("good", "p1", CohortTestData.Slides[0]),
                new("relative", "p2", "../../etc/passwd"),
                new("absolute", "p3", "/etc/passwd"),
                new("climbing", "p4", Path.Combine(CohortTestData.Root, "..", "..", "etc", "passwd")),
                new("elsewhere", "p5", outside),
                new("other-account", "p6", "https://evil.blob.core.windows.net/slides/s1.svs"),
                new("blob-without-account", "p7", "az://slides/s1.svs"),
            ],
        };
        var cohort = cluster.Client.GetGrain<ICohortGrain>("escape");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cohort.Submit(new CohortSubmission(manifest, CohortTestData.EncoderId)));

        Assert.Contains("6 problem(s)", error.Message, StringComparison.Ordinal);
        foreach (var slide in new[] { "relative", "absolute", "climbing", "elsewhere", "other-account", "blob-without-account" })
        {
            Assert.Contains($"(slide '{slide}'), column location:", error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("(slide 'good')", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be an absolute path", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the allowed roots", error.Message, StringComparison.Ordinal);
        Assert.Contains("no blob storage configured", error.Message, StringComparison.Ordinal);

        // Nothing was started or stored: no state, no results, and the cohort is still unknown.
        var status = await cohort.GetStatus();
        Assert.Empty(status.Slides);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "results", "cohorts", "escape")));
        var state = Path.Combine(data.Path, "grainstate");
        var stored = Directory.Exists(state) ? Directory.EnumerateFiles(state, "*", SearchOption.AllDirectories) : [];
        Assert.DoesNotContain(stored, path => path.Contains($"{Path.DirectorySeparatorChar}escape{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }
}
