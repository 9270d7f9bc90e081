using System.Globalization;
using System.Text.Json;
using CohortGrid.SampleData;
using CohortGrid.Testing.Hosting;
using CohortGrid.Testing.Load;

namespace CohortGrid.Bench;

/// <summary>
/// Status polling against the real host (a child process on this machine, sharing its cores with the pollers):
/// N pollers GET <c>/api/cohorts/{id}</c> while a cohort embeds, then the same cohort once it is cancelled and the
/// silo is idle. Each condition runs closed loop (every poller asks again at once: the saturation rate, where
/// latency ≈ pollers / rate) and paced (each poller waits <c>--think-ms</c> between polls: researchers' polling, where
/// the 50 ms p99 target applies). Reports p50/p90/p99/max, rate and errors, and p99 / 50 ms.
/// </summary>
internal static class ApiBenchmark
{
    private const double TargetP99Ms = 50;

    /// <param name="seconds">Measured seconds per phase.</param>
    /// <param name="pollers">Concurrent pollers.</param>
    /// <param name="thinkMs">Pause of a paced poller between polls.</param>
    /// <param name="encoder">Encoder of the busy cohort.</param>
    /// <param name="hostEnvironment">Extra environment of the host process (<c>--host-env NAME=VALUE</c>, for experiments such as <c>DOTNET_gcServer=0</c>).</param>
    /// <param name="idle">Also measure the idle silo (<c>--running-only</c> skips it).</param>
    public static async Task RunAsync(double seconds, int pollers, int thinkMs, string encoder, IReadOnlyDictionary<string, string?> hostEnvironment, bool idle)
    {
        Console.WriteLine();
        Console.WriteLine($"== API under load: {pollers} status pollers, {seconds:0} s per phase (+2 s warm-up), host as a child process, busy cohort on {encoder} ==");
        if (hostEnvironment.Count > 0)
        {
            Console.WriteLine($"  host environment: {string.Join(", ", hostEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        }

        await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--sample"], Environment = hostEnvironment }).ConfigureAwait(false);
        using var http = host.CreateClient();
        await host.WaitForOutputAsync("Completed in", TimeSpan.FromSeconds(300)).ConfigureAwait(false);

        // Enough slides that embedding lasts through both running phases (under load the rate drops several-fold).
        var cohortId = await CohortRequests.SubmitBusyCohortAsync(host, http, "api bench", encoder, "bench", new SampleCohortOptions { SlideCount = 16, Seed = 11 }).ConfigureAwait(false);
        var start = await CohortRequests.WaitAsync(http, cohortId, s => s.TilesDone > 0 || s.IsFinished, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        Console.WriteLine($"  cohort {cohortId}: {start}");

        var shapes = new[] { (Name: "closed loop", Think: TimeSpan.Zero), (Name: $"paced {thinkMs} ms", Think: TimeSpan.FromMilliseconds(thinkMs)) };
        var results = new List<(string Condition, string Shape, StatusPollingResult Result)>();
        foreach (var (name, think) in shapes)
        {
            var result = await Phase(host, StatusPollingLoad.CohortPath(cohortId), pollers, seconds, think).ConfigureAwait(false);
            var after = await CohortRequests.GetAsync(http, cohortId).ConfigureAwait(false);
            results.Add(("running", name, result));
            Print("running", name, result, await ClusterLine(http).ConfigureAwait(false) + $"; cohort after: {after}");
        }

        // Idle: the same cohort, cancelled, once the silo has no tile batch left.
        if (!idle)
        {
            PrintTable(results);
            return;
        }

        using (await http.DeleteAsync(new Uri(StatusPollingLoad.CohortPath(cohortId), UriKind.Relative)).ConfigureAwait(false))
        {
        }

        await WaitForIdleSilo(http).ConfigureAwait(false);
        Console.WriteLine($"  cohort cancelled, silo idle: {await CohortRequests.GetAsync(http, cohortId).ConfigureAwait(false)}");
        foreach (var (name, think) in shapes)
        {
            var result = await Phase(host, StatusPollingLoad.CohortPath(cohortId), pollers, seconds, think).ConfigureAwait(false);
            results.Add(("idle", name, result));
            Print("idle", name, result, await ClusterLine(http).ConfigureAwait(false));
        }

        // The API pipeline without the grain call and the status JSON: what a status poll costs on top.
        var health = await Phase(host, "/health", pollers, seconds, TimeSpan.Zero).ConfigureAwait(false);
        results.Add(("idle", "closed loop, GET /health", health));
        Print("idle", "closed loop, GET /health (no grain call)", health, "");

        PrintTable(results);
    }

    private static void PrintTable(List<(string Condition, string Shape, StatusPollingResult Result)> results)
    {
        Console.WriteLine();
        Console.WriteLine("  | condition | load | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | p99 / 50 ms |");
        Console.WriteLine("  |---|---|---|---|---|---|---|---|---|");
        foreach (var (condition, shape, r) in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  | {condition} | {shape} | {r.RequestsPerSecond:0} | {r.P50Ms:0.0} | {r.P90Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0} | {r.Errors} | {r.P99Ms / TargetP99Ms:0.00}x |"));
        }
    }

    private static Task<StatusPollingResult> Phase(SiloHostProcess host, string path, int pollers, double seconds, TimeSpan think) =>
        StatusPollingLoad.RunAsync(new StatusPollingOptions
        {
            BaseAddress = host.BaseAddress,
            ApiKey = host.ApiKey,
            Path = path,
            Pollers = pollers,
            WarmUp = TimeSpan.FromSeconds(2),
            Duration = TimeSpan.FromSeconds(seconds),
            ThinkTime = think,
        });

    private static void Print(string condition, string shape, StatusPollingResult result, string extra)
    {
        Console.WriteLine($"  {condition}, {shape}: {result.Summary()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    p99 / {TargetP99Ms:0} ms target = {result.P99Ms / TargetP99Ms:0.00}x{(extra.Length > 0 ? "; " + extra : "")}"));
        foreach (var error in result.ErrorSamples)
        {
            Console.WriteLine($"    error: {error}");
        }
    }

    private static async Task<string> ClusterLine(HttpClient http)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative)).ConfigureAwait(false));
        var root = document.RootElement;
        return string.Create(CultureInfo.InvariantCulture, $"cluster now: {root.GetProperty("tilesPerSecond").GetDouble():0.0} tiles/s, queue {root.GetProperty("queueDepth").GetInt32()}");
    }

    private static async Task WaitForIdleSilo(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative)).ConfigureAwait(false));
            if (document.RootElement.GetProperty("queueDepth").GetInt32() == 0)
            {
                // The figures are reported every 2 s; wait out one more report so the rate has settled too.
                await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                return;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }
}
