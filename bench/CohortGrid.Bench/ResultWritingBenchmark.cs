using System.Diagnostics;
using System.Globalization;
using CohortGrid.Contracts;
using CohortGrid.Grains;
using CohortGrid.Grains.Services;
using CohortGrid.SampleData;
using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace CohortGrid.Bench;

/// <summary>
/// What writing results costs: the same cohort end to end with the local results store (features.h5, thumbnails,
/// masks, summaries, slide_vectors.parquet, the feature cache) and with a store that discards everything, in
/// alternating pairs on fresh data folders; the ratio is the median of the per-pair time ratios.
/// </summary>
internal static class ResultWritingBenchmark
{
    public static async Task RunAsync(string models, int pairs)
    {
        var root = Path.Combine(Path.GetTempPath(), "cohortgrid-bench-results");
        var cohort = SampleCohort.Generate(Path.Combine(root, "slides-20"), new SampleCohortOptions { SlideCount = 20, Seed = 5 });
        var slides = cohort.Slides.Select(s => Path.Combine(cohort.Directory, s.FileName)).ToList();
        Console.WriteLine();
        Console.WriteLine($"== Result writing: {slides.Count - 1} slides with the local store vs discarding, {pairs} pairs ==");
        foreach (var encoder in new[] { "tiny-cnn-encoder", "mobilenetv2-features" })
        {
            var ratios = new List<double>();
            var with = new List<double>();
            var without = new List<double>();
            var inStore = new List<double>();
            for (var i = 0; i < pairs; i++)
            {
                (double Seconds, double StoreSeconds) on;
                double off;
                if (i % 2 == 0)
                {
                    on = await CohortSeconds(root, models, encoder, slides, write: true).ConfigureAwait(false);
                    off = (await CohortSeconds(root, models, encoder, slides, write: false).ConfigureAwait(false)).Seconds;
                }
                else
                {
                    off = (await CohortSeconds(root, models, encoder, slides, write: false).ConfigureAwait(false)).Seconds;
                    on = await CohortSeconds(root, models, encoder, slides, write: true).ConfigureAwait(false);
                }

                inStore.Add(on.StoreSeconds / on.Seconds);
                with.Add(on.Seconds);
                without.Add(off);
                ratios.Add(on.Seconds / off);
            }

            var ratio = Measure.Median(ratios);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {encoder}: writing on {Measure.Median(with):0.00} s, off {Measure.Median(without):0.00} s (medians) -> on/off {ratio:0.000} ({(ratio - 1) * 100:+0.0;-0.0}%); pairs: {string.Join(" ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"    time inside store calls, summed over all slides: median {Measure.Median(inStore) * 100:0.0}% of the cohort's wall time (an upper bound: calls overlap other slides' work)"));
        }
    }

    private static async Task<(double Seconds, double StoreSeconds)> CohortSeconds(string root, string models, string encoderId, IReadOnlyList<string> slides, bool write)
    {
        TimingBlobStore? timing = null;
        var data = Path.Combine(root, $"data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        using var host = LocalCohortCluster.Build(
            o =>
            {
                o.DataDirectory = data;
                o.ModelsDirectory = models;
                o.AllowedRoots.Add(Path.GetDirectoryName(slides[0])!);
            },
            Microsoft.Extensions.Logging.LogLevel.Error,
            services =>
            {
                if (write)
                {
                    timing = new TimingBlobStore(new FileBlobStore(data));
                    services.AddKeyedSingleton<IBlobStore>(ResultStore.StoreKey, timing);
                }
                else
                {
                    services.AddKeyedSingleton<IBlobStore>(ResultStore.StoreKey, new DiscardingBlobStore());
                }
            });
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var grains = host.Grains();
            // Warm-up on one slide in its own cohort: model load and JIT stay out of the timing.
            await ClusterBenchmark.Complete(grains.GetGrain<ICohortGrain>("warm-up"), Submission(slides.Take(1), encoderId)).ConfigureAwait(false);
            var before = timing?.Elapsed ?? TimeSpan.Zero;
            var watch = Stopwatch.StartNew();
            var status = await ClusterBenchmark.Complete(grains.GetGrain<ICohortGrain>("bench"), Submission(slides.Skip(1), encoderId)).ConfigureAwait(false);
            if (status.State != CohortState.Completed)
            {
                throw new InvalidOperationException($"Benchmark cohort ended {status.State}: {status.Message}");
            }

            var elapsed = watch.Elapsed.TotalSeconds;
            return (elapsed, ((timing?.Elapsed ?? TimeSpan.Zero) - before).TotalSeconds);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
            Directory.Delete(data, recursive: true);
        }
    }

    private static CohortSubmission Submission(IEnumerable<string> slides, string encoderId) => new(
        new CohortManifest { Name = "benchmark", Slides = [.. slides.Select((path, i) => new ManifestSlide($"s{i:0000}", $"p{i:0000}", path))] },
        encoderId);
}
