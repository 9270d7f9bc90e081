using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Inference;
using CohortGrid.Inference.Batching;
using CohortGrid.Slides;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

public sealed class CohortFaultTests
{
    [Fact]
    public async Task Killing_a_gpu_silo_mid_cohort_still_completes_every_slide_once_with_undisturbed_vectors()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(
            3,
            name => name == "Silo_0" ? SiloRoles.Cpu : SiloRoles.Gpu,
            data.Path,
            o =>
            {
                o.MaxConcurrentSlides = 2;
                o.BatchesInFlightPerSlide = 1;
            });
        var cohort = cluster.Client.GetGrain<ICohortGrain>("fault");
        await cohort.Submit(new CohortSubmission(CohortTestData.Manifest(6), CohortTestData.EncoderId));
        await CohortCluster.WaitAsync(cohort, s => s.TilesDone > 0, TimeSpan.FromSeconds(60));

        var victim = cluster.GetActiveSilos().Single(s => s.Name == "Silo_2");
        await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(180));

        Assert.Equal(CohortState.Completed, status.State);
        var results = await cohort.GetResults();
        Assert.Equal(status.Slides.Select(s => s.SlideId).Order(), results.Select(r => r.SlideId).Order());
        var reference = await ReferenceVectors(CohortTestData.Slides.Take(6));
        foreach (var (result, expected) in results.OrderBy(r => r.SlideId).Zip(reference))
        {
            Assert.Equal(expected.Length, result.SlideVector.Count);
            var worst = expected.Zip(result.SlideVector).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst < 1e-4, $"{result.SlideId}: slide vector differs from an undisturbed run by {worst}");
        }
    }

    [Fact]
    public async Task Restarting_the_whole_cluster_resumes_the_cohort_without_redoing_finished_slides()
    {
        using var data = new TempDirectory();
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var cohortId = "restart";
        var manifest = CohortTestData.Manifest(5);
        Dictionary<string, DateTime> finishedBefore;
        await using (var first = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o => o.MaxConcurrentSlides = 1, serviceId))
        {
            var cohort = first.Client.GetGrain<ICohortGrain>(cohortId);
            await cohort.Submit(new CohortSubmission(manifest, CohortTestData.EncoderId));
            var partial = await CohortCluster.WaitAsync(cohort, s => s.SlidesCompleted >= 2, TimeSpan.FromSeconds(120));
            Assert.False(partial.IsFinished, "the cohort finished before the restart; the test needs a partial cohort");
            finishedBefore = (await cohort.GetStatus()).Slides
                .Where(s => s.State == SlideState.Completed)
                .ToDictionary(s => s.SlideId, s => File.GetLastWriteTimeUtc(SummaryPath(data.Path, cohortId, s.SlideId)));
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        await using var second = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o => o.MaxConcurrentSlides = 1, serviceId);
        var resumed = second.Client.GetGrain<ICohortGrain>(cohortId);
        var status = await CohortCluster.WaitAsync(resumed, s => s.IsFinished, TimeSpan.FromSeconds(120));

        Assert.Equal(CohortState.Completed, status.State);
        Assert.Equal(5, status.SlidesCompleted);
        Assert.True(finishedBefore.Count >= 2);
        foreach (var (slideId, written) in finishedBefore)
        {
            Assert.Equal(1, status.Slides.Single(s => s.SlideId == slideId).Attempts);
            Assert.Equal(written, File.GetLastWriteTimeUtc(SummaryPath(data.Path, cohortId, slideId)));
        }
    }

    [Fact]
    public async Task Bad_slides_and_a_blank_slide_end_as_completed_with_errors_listing_each_reason()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o =>
        {
            o.AllowedRoots.Add(TestData.Path("slides"));
            o.AllowedRoots.Add(data.Path);
        });
        var slides = new List<ManifestSlide>
        {
            new("good", "p1", CohortTestData.Slides[0]),
            new("blank", "p2", CohortTestData.BlankSlide),
            new("text", "p3", TestData.BadSlide("not-a-slide.svs")),
            new("flat", "p4", TestData.BadSlide("flat-rgb-not-pyramidal.tif")),
            new("truncated", "p5", TestData.BadSlide("truncated-aperio.svs")),
            new("codec", "p6", TestData.BadSlide("unopenable.tiff")),
            new("corrupt", "p7", TestData.BadSlide("unreadable.svs")),
            new("no-mpp", "p8", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs")),
            new("missing", "p9", Path.Combine(data.Path, "nowhere.svs")),
        };
        var cohort = cluster.Client.GetGrain<ICohortGrain>("bad-slides");

        await cohort.Submit(new CohortSubmission(new CohortManifest { Name = "bad", Slides = slides }, CohortTestData.EncoderId));
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(120));

        Assert.Equal(CohortState.CompletedWithErrors, status.State);
        string? Reason(string id) => status.Slides.Single(s => s.SlideId == id).ErrorReason;
        Assert.Null(Reason("good"));
        Assert.Null(Reason("blank"));
        Assert.Equal("format-not-recognized", Reason("text"));
        Assert.Equal("format-not-recognized", Reason("flat"));
        Assert.Equal("open-failed", Reason("truncated"));
        Assert.Equal("open-failed", Reason("codec"));
        Assert.Equal("read-failed", Reason("corrupt"));
        Assert.Equal("mpp-unavailable", Reason("no-mpp"));
        Assert.Equal("not-found", Reason("missing"));
        var results = await cohort.GetResults();
        Assert.Equal(["blank", "good"], results.Select(r => r.SlideId).Order());
        Assert.True(results.Single(r => r.SlideId == "good").Tiles > 0);
        Assert.Equal(0, results.Single(r => r.SlideId == "blank").Tiles);
        Assert.True(File.Exists(Path.Combine(data.Path, "results", "cohorts", "bad-slides", "summary.json")));
        Assert.Contains("mpp-unavailable", File.ReadAllText(Path.Combine(data.Path, "results", "cohorts", "bad-slides", "summary.json")), StringComparison.Ordinal);
    }

    private static string SummaryPath(string data, string cohortId, string slideId) => Path.Combine(data, "results", "cohorts", cohortId, "slides", slideId, "summary.json");

    // The same slides embedded in-process, without a cluster: what an undisturbed run produces.
    private static async Task<List<float[]>> ReferenceVectors(IEnumerable<string> paths)
    {
        using var model = ModelLoader.Load(Path.Combine(CohortTestData.ModelsDirectory, CohortTestData.EncoderId + ModelCard.FileSuffix));
        await using var batcher = new InferenceBatcher(model);
        var embedder = new SlideEmbedder(batcher);
        var vectors = new List<float[]>();
        foreach (var path in paths)
        {
            using var slide = SlideImage.Open(path);
            var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(model.Card));
            vectors.Add((await embedder.EmbedAsync(slide, plan, cancellationToken: TestContext.Current.CancellationToken)).SlideVector);
        }

        return vectors;
    }
}
