using System.Diagnostics;
using System.Globalization;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Testing.Hosting;
using CohortGrid.Testing.Load;

namespace CohortGrid.Bench;

/// <summary>
/// Throughput of the multi-process cluster with one and with two GPU-role silos: Redis, a CPU silo, the GPU silos and the
/// API as separate processes on this machine (<see cref="ProcessCluster"/>), a cohort of fresh sample slides each run
/// (same sizes, new seeds), configurations alternated over the rounds, each process warmed up by a cohort that is not
/// counted. Reports per run the wall time, the tiles embedded per second (the silos' <c>cohortgrid_tiles_embedded_total</c>,
/// summed) and the cores each process used (<c>process_cpu_seconds_total</c>), then medians and the ratio 2 / 1.
/// With <c>pin</c> each GPU silo runs on a core of its own (<see cref="ProcessClusterOptions.PinGpuSilos"/>), as each
/// would have its own GPU, so a second silo brings compute and the ratio shows whether the orchestration keeps up.
/// </summary>
internal static class ScaleOutBenchmark
{
    private const string TilesEmbedded = "cohortgrid_tiles_embedded_total";

    // Over the wall time, the cores each process used; the API shares the machine, so it counts too.
    private const string CpuSeconds = "process_cpu_seconds_total";

    public static async Task RunAsync(int slideCount, int rounds, string encoder, bool pin)
    {
        Console.WriteLine();
        Console.WriteLine($"== Scale-out: 1 vs 2 GPU-role silos (processes), {slideCount} sample slides, encoder {encoder}, {rounds} rounds alternated{(pin ? ", each GPU silo pinned to a core of its own" : ", every process on every core")} ==");
        if (RedisServer.Locate() is null)
        {
            Console.WriteLine("  skipped: redis-server is not installed (apt-get install redis-server)");
            return;
        }

        await using var cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions { GpuSilos = 2, PinGpuSilos = pin }).ConfigureAwait(false);
        SampleModels.EnsureAll(cluster.ModelsDirectory);
        SampleModels.WriteNullEncoder(cluster.ModelsDirectory);
        using var http = cluster.Api!.CreateClient();

        // Warm-up (not counted): JIT, model loading in every process.
        await RunCohortAsync(cluster, http, "warm-up", encoder, Slides(cluster, "warm-up", 16, 1000)).ConfigureAwait(false);

        var results = new List<(int Gpus, int Round, Run Run)>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var gpus in round % 2 == 1 ? new[] { 1, 2 } : [2, 1])
            {
                if (await SetGpuSilosAsync(cluster, http, gpus).ConfigureAwait(false))
                {
                    // gpu-2 was just started: warm it up as well (not counted).
                    await RunCohortAsync(cluster, http, $"warm-up-{round}", encoder, Slides(cluster, $"warm-up-{round}", 12, 1000 + round)).ConfigureAwait(false);
                }

                var name = $"scaleout-{gpus}-{round}";
                var run = await RunCohortAsync(cluster, http, name, encoder, Slides(cluster, name, slideCount, (10 * round) + gpus)).ConfigureAwait(false);
                results.Add((gpus, round, run));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}, {gpus} GPU silo(s): {run.Tiles} tiles in {run.Seconds:0.0} s = {run.TilesPerSecond:0.0} tiles/s (tiles: {string.Join(", ", run.PerSilo.Select(p => $"{p.Key} {p.Value}"))}; cores used: {string.Join(", ", run.Cores.Select(p => $"{p.Key} {p.Value:0.00}"))}, total {run.Cores.Values.Sum():0.00})"));
            }
        }

        var one = Measure.Median(results.Where(r => r.Gpus == 1).Select(r => r.Run.TilesPerSecond));
        var two = Measure.Median(results.Where(r => r.Gpus == 2).Select(r => r.Run.TilesPerSecond));
        Console.WriteLine();
        Console.WriteLine("  | GPU silos | runs | tiles/s (median) | range | cohort s (median) | cores used (median) | of which the CPU silo |");
        Console.WriteLine("  |---:|---:|---:|---|---:|---:|---:|");
        foreach (var gpus in new[] { 1, 2 })
        {
            var runs = results.Where(r => r.Gpus == gpus).Select(r => r.Run).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  | {gpus} | {runs.Count} | {Measure.Median(runs.Select(r => r.TilesPerSecond)):0.0} | {runs.Min(r => r.TilesPerSecond):0.0}-{runs.Max(r => r.TilesPerSecond):0.0} | {Measure.Median(runs.Select(r => r.Seconds)):0.0} | {Measure.Median(runs.Select(r => r.Cores.Values.Sum())):0.00} | {Measure.Median(runs.Select(r => r.Cores.GetValueOrDefault("cpu-1"))):0.00} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio 2 / 1 GPU silos: {two / one:0.00}x ({Environment.ProcessorCount} cores{(pin ? ", one per GPU silo; the CPU silo and the API on any" : " shared by every process")})"));
    }

    // Fresh slides of the same size distribution for every run: a repeated slide would come from the feature cache, or
    // at least from the silos' decoded-tile caches, and favour whichever configuration ran it later.
    private static IReadOnlyList<LoadSlide> Slides(ProcessCluster cluster, string name, int count, int seed) =>
        CohortRequests.Slides(SampleCohort.Generate(Path.Combine(cluster.DataDirectory, "sample", name), new SampleCohortOptions { SlideCount = count, Seed = seed }));

    private static async Task<Run> RunCohortAsync(ProcessCluster cluster, HttpClient http, string name, string encoder, IEnumerable<LoadSlide> slides)
    {
        var before = await cluster.ScrapeByNodeAsync(TilesEmbedded).ConfigureAwait(false);
        var cpuBefore = await cluster.ScrapeByNodeAsync(CpuSeconds, includeApi: true).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var id = await CohortRequests.SubmitAsync(http, name, encoder, slides, cohortId: name).ConfigureAwait(false);
        var status = await CohortRequests.WaitAsync(http, id, s => s.IsFinished, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        if (status.State != "Completed")
        {
            throw new InvalidOperationException($"Cohort {id} ended {status}.");
        }

        var after = await cluster.ScrapeByNodeAsync(TilesEmbedded).ConfigureAwait(false);
        var cpuAfter = await cluster.ScrapeByNodeAsync(CpuSeconds, includeApi: true).ConfigureAwait(false);
        var perSilo = after.ToDictionary(s => s.Key, s => (long)(s.Value - before.GetValueOrDefault(s.Key)));
        var cpu = cpuAfter.ToDictionary(s => s.Key, s => (s.Value - cpuBefore.GetValueOrDefault(s.Key)) / seconds);
        var tiles = perSilo.Values.Sum();
        return new Run(tiles, seconds, tiles / seconds, perSilo, cpu);
    }

    // gpu-1 always runs; gpu-2 is stopped gracefully (SIGTERM) or started, then the API's cluster view must agree.
    // True when gpu-2 was started.
    private static async Task<bool> SetGpuSilosAsync(ProcessCluster cluster, HttpClient http, int gpus)
    {
        var second = cluster.Gpu("gpu-2")!;
        var started = false;
        if (gpus == 1 && second.IsRunning)
        {
            await second.StopAsync().ConfigureAwait(false);
        }
        else if (gpus == 2 && !second.IsRunning)
        {
            await cluster.AddGpuSiloAsync("gpu-2").ConfigureAwait(false);
            started = true;
        }

        string[] expected = ["cpu", .. Enumerable.Repeat("gpu", gpus)];
        var roles = await ClusterView.WaitForActiveRolesAsync(http, expected, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return roles.SequenceEqual(expected)
            ? started
            : throw new TimeoutException($"The cluster view did not show {gpus} active GPU silo(s); active: {string.Join(", ", roles)}.");
    }

    private sealed record Run(long Tiles, double Seconds, double TilesPerSecond, Dictionary<string, long> PerSilo, Dictionary<string, double> Cores);
}
