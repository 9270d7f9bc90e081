using System.Diagnostics;
using System.Globalization;
using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Grains;
using CohortGrid.Inference;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;

namespace CohortGrid.Bench;

/// <summary>
/// Cohorts through the real grains on a single-node in-process cluster: end-to-end tiles/s against the
/// raw encoder (mobilenet), the cluster's own cost with a null encoder against the raw tile feed, and
/// a 2,000-slide cohort for memory and per-slide time as the cohort grows.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task RunAsync(string data, string models, double seconds)
    {
        var root = Path.Combine(Path.GetTempPath(), "cohortgrid-bench-cluster");
        SampleModels.WriteNullEncoder(models);
        var cohort = SampleCohort.Generate(Path.Combine(root, "slides-20"), new SampleCohortOptions { SlideCount = 20, Seed = 5 });
        var slides = cohort.Slides.Select(s => Path.Combine(cohort.Directory, s.FileName)).ToList();

        Console.WriteLine();
        Console.WriteLine($"== Cohort through the cluster: {slides.Count} synthetic slides, single node, 2 cores ==");
        foreach (var id in new[] { "mobilenetv2-features", "resnet50-layer3-encoder" })
        {
            var card = ModelCard.Load(Path.Combine(models, id + ModelCard.FileSuffix));
            using var raw = new RawEncoder(card.ModelPath, card.Output!, 32);
            var rawBefore = Measure.Rate(raw.RunBatch, seconds);
            var (tiles, clusterRate) = await CohortRate(root, models, card.Id, slides).ConfigureAwait(false);
            var rawAfter = Measure.Rate(raw.RunBatch, seconds);
            var rawRate = (rawBefore + rawAfter) / 2;
            var feed = FeedRate(slides, card);
            var bound = 1 / ((1 / feed) + (1 / rawRate));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {id} cohort ({tiles} tiles): {clusterRate:0.0} tiles/s = {clusterRate / rawRate:0.00}x raw encoder ({rawRate:0.0}; before {rawBefore:0.0}, after {rawAfter:0.0}), {clusterRate / bound:0.00}x shared-core bound ({bound:0.0}; feed incl. planning {feed:0})"));
        }

        var nullCard = ModelCard.Load(Path.Combine(models, "null-encoder.card.json"));
        var feedBefore = FeedRate(slides, nullCard);
        var (nullTiles, nullRate) = await CohortRate(root, models, nullCard.Id, slides).ConfigureAwait(false);
        var feedAfter = FeedRate(slides, nullCard);
        var feedRate = (feedBefore + feedAfter) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  null-encoder cohort ({nullTiles} tiles): {nullRate:0} tiles/s = {nullRate / feedRate:0.00}x raw tile feed ({feedRate:0}; before {feedBefore:0}, after {feedAfter:0})"));
    }

    public static async Task ScaleAsync(string models, int count)
    {
        var root = Path.Combine(Path.GetTempPath(), "cohortgrid-bench-cluster");
        SampleModels.WriteNullEncoder(models);
        Console.WriteLine();
        Console.WriteLine($"== Scale: a cohort of {count} small slides, null encoder ==");
        var watch = Stopwatch.StartNew();
        var cohort = SampleCohort.Generate(
            Path.Combine(root, $"slides-{count}"),
            new SampleCohortOptions { SlideCount = count, Seed = 9, MinWidth = 700, MaxWidth = 900, MinHeight = 700, MaxHeight = 900 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  generated/reused {count} slides in {watch.Elapsed.TotalSeconds:0} s"));
        var slides = cohort.Slides.Select(s => Path.Combine(cohort.Directory, s.FileName)).ToList();
        var dataDirectory = FreshDirectory(root, "scale-data");
        using var host = LocalCohortCluster.Build(
            o =>
            {
                o.DataDirectory = dataDirectory;
                o.ModelsDirectory = models;
                o.MaxConcurrentSlides = 8;
                o.AllowedRoots.Add(cohort.Directory);
            },
            Microsoft.Extensions.Logging.LogLevel.Error);
        await host.StartAsync().ConfigureAwait(false);
        var grain = host.Grains().GetGrain<ICohortGrain>("scale");
        watch.Restart();
        await grain.Submit(new CohortSubmission(Manifest(slides), "null-encoder")).ConfigureAwait(false);
        var status = await grain.GetStatus().ConfigureAwait(false);
        while (!status.IsFinished)
        {
            await Task.Delay(1000).ConfigureAwait(false);
            status = await grain.GetStatus().ConfigureAwait(false);
        }

        var elapsed = watch.Elapsed;
        await host.StopAsync().ConfigureAwait(false);
        var ordered = status.Slides.Where(s => s.CompletedAt is not null && s.StartedAt is not null).OrderBy(s => s.CompletedAt).Select(s => (s.CompletedAt!.Value - s.StartedAt!.Value).TotalMilliseconds).ToList();
        var tenth = Math.Max(1, ordered.Count / 10);
        var first = Measure.Median(ordered.Take(tenth));
        var last = Measure.Median(ordered.Skip(ordered.Count - tenth));
        var stateBytes = Directory.EnumerateFiles(Path.Combine(dataDirectory, "grainstate"), "*", SearchOption.AllDirectories).Where(f => f.Contains("cohort", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {status.State}: {status.SlidesCompleted} slides, {status.SlidesFailed} failed, {status.TilesDone} tiles in {elapsed.TotalSeconds:0.0} s ({status.SlidesCompleted / elapsed.TotalSeconds:0.0} slides/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per-slide time, median: first 10% {first:0} ms, last 10% {last:0} ms (ratio {last / first:0.00})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB; cohort grain state {stateBytes / 1024} KB ({stateBytes / Math.Max(1, count)} bytes per slide)"));
    }

    private static async Task<(long Tiles, double Rate)> CohortRate(string root, string models, string encoderId, IReadOnlyList<string> slides)
    {
        using var host = LocalCohortCluster.Build(
            o =>
            {
                o.DataDirectory = FreshDirectory(root, "data"); // no result cache from earlier runs
                o.ModelsDirectory = models;
                AllowSlides(o, slides);
            },
            Microsoft.Extensions.Logging.LogLevel.Error);
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var grains = host.Grains();
            // Warm-up: load the model and JIT the pipeline on one slide in a separate cohort.
            await Complete(grains.GetGrain<ICohortGrain>("warm-up"), new CohortSubmission(Manifest(slides.Take(1)), encoderId)).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var status = await Complete(grains.GetGrain<ICohortGrain>("bench"), new CohortSubmission(Manifest(slides.Skip(1)), encoderId)).ConfigureAwait(false);
            return (status.TilesDone, status.TilesDone / watch.Elapsed.TotalSeconds);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Submits and polls until the cohort is finished.</summary>
    internal static async Task<CohortStatus> Complete(ICohortGrain cohort, CohortSubmission submission)
    {
        var status = await cohort.Submit(submission).ConfigureAwait(false);
        while (!status.IsFinished)
        {
            await Task.Delay(50).ConfigureAwait(false);
            status = await cohort.GetStatus().ConfigureAwait(false);
        }

        return status;
    }

    // Reading and preprocessing every tissue tile of the slides (the cohort minus the warm-up slide), fresh handles.
    private static double FeedRate(IReadOnlyList<string> slides, ModelCard card)
    {
        var watch = Stopwatch.StartNew();
        long tiles = 0;
        foreach (var path in slides.Skip(1))
        {
            using var slide = SlideImage.Open(path);
            var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(card));
            tiles += TileFeed.Run(new TilePreprocessor(slide, plan.Grid, EncoderSettings.Preprocessing(card)), plan.Grid.Tiles).Count;
        }

        return tiles / watch.Elapsed.TotalSeconds;
    }

    private static CohortManifest Manifest(IEnumerable<string> slides) => new()
    {
        Name = "benchmark",
        Slides = [.. slides.Select((path, i) => new ManifestSlide($"s{i:0000}", $"p{i:0000}", path))],
    };

    private static void AllowSlides(CohortGridOptions options, IEnumerable<string> slides)
    {
        foreach (var folder in slides.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            options.AllowedRoots.Add(folder);
        }
    }

    private static string FreshDirectory(string root, string name)
    {
        var path = Path.Combine(root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
