using System.Globalization;
using System.Text.Json;
using CohortGrid.SampleData;
using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;
using CohortGrid.Testing.Load;

namespace CohortGrid.Load.Tests;

/// <summary>
/// Researchers polling their cohort's status while the cluster is busy: 200 concurrent pollers against the real host
/// (a child process with the sample cohort and a bigger cohort running), 30 s by default
/// (<c>COHORTGRID_LOAD_SECONDS</c> shortens it locally). Figures go to the test output and
/// <c>{repo}/TestResults/load/status-polling.json</c>.
/// </summary>
public sealed class StatusPollingLoadTests(ITestOutputHelper output)
{
    private const int Pollers = 200;

    /// <summary>The heavier sample encoder: the cohort keeps the CPU busy for the whole run on a small machine.</summary>
    private const string BusyEncoder = "resnet50-layer3-encoder";

    /// <summary>A sanity bound against a hung or thrashing server, not the target (50 ms, measured by the bench).</summary>
    private static readonly TimeSpan P99Bound = TimeSpan.FromMilliseconds(1000);

    // Alone: a load run measures the machine.
    [Fact(DisableParallelization = true)]
    public async Task Two_hundred_status_pollers_for_thirty_seconds_see_no_errors()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var seconds = LoadSeconds();
        await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--sample"] }, cancellationToken);
        using var http = host.CreateClient();

        // The sample job writes the models and the sample manifest, then submits the sample cohort (done in ~3 s).
        var submitted = await host.WaitForOutputAsync("Submitted ", TimeSpan.FromSeconds(120), cancellationToken);
        output.WriteLine($"sample: {submitted.Trim()}");
        // Eight new slides besides the sample ones: embedding runs through the whole load.
        var cohortId = await CohortRequests.SubmitBusyCohortAsync(host, http, "status polling load", BusyEncoder, "load", new SampleCohortOptions { SlideCount = 8, Seed = 7 }, cancellationToken);
        var atStart = await CohortRequests.WaitAsync(http, cohortId, s => s.TilesDone > 0 || s.IsFinished, TimeSpan.FromSeconds(120), cancellationToken);
        output.WriteLine($"busy cohort {cohortId} ({BusyEncoder}) at the start of the load: {atStart}");
        Assert.False(atStart.IsFinished, $"The busy cohort finished before the load started: {atStart}");

        var result = await StatusPollingLoad.RunAsync(
            new StatusPollingOptions
            {
                BaseAddress = host.BaseAddress,
                ApiKey = host.ApiKey,
                Path = StatusPollingLoad.CohortPath(cohortId),
                Pollers = Pollers,
                WarmUp = TimeSpan.FromSeconds(2),
                Duration = TimeSpan.FromSeconds(seconds),
            },
            cancellationToken);

        var atEnd = await CohortRequests.GetAsync(http, cohortId, cancellationToken);
        var cluster = await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative), cancellationToken);
        output.WriteLine($"busy cohort at the end of the load: {atEnd}");
        output.WriteLine(result.Summary());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms ({result.P99Ms / 50:0.00}x the 50 ms target)"));
        foreach (var error in result.ErrorSamples)
        {
            output.WriteLine($"error: {error}");
        }

        output.WriteLine($"cluster: {cluster}");
        var file = WriteResult(result, cohortId, atStart, atEnd);
        output.WriteLine($"written: {file}");

        Assert.True(result.Requests > Pollers, $"Only {result.Requests} requests in {seconds} s. {result.Summary()}");
        Assert.True(result.Errors == 0, $"{result.Errors} errors: {string.Join(" | ", result.ErrorSamples)}");
        Assert.True(result.P99Ms < P99Bound.TotalMilliseconds, $"p99 {result.P99Ms:0} ms is above the {P99Bound.TotalMilliseconds} ms sanity bound. {result.Summary()}");
        AssertClusterViewShowsTheWork(cluster);
    }

    /// <summary>One active silo with both roles, which has reported embedded tiles.</summary>
    private static void AssertClusterViewShowsTheWork(string json)
    {
        using var document = JsonDocument.Parse(json);
        var silos = document.RootElement.GetProperty("silos").EnumerateArray().ToList();
        var silo = Assert.Single(silos, s => s.GetProperty("status").GetString() == "Active");
        Assert.Equal("cpu,gpu", silo.GetProperty("role").GetString());
        Assert.True(silo.GetProperty("tilesEmbedded").GetInt64() > 0, json);
        Assert.NotEqual(JsonValueKind.Null, silo.GetProperty("reportedAt").ValueKind);
        Assert.True(silo.GetProperty("activations").TryGetProperty("CohortGrain", out _), json);
    }

    private static int LoadSeconds() =>
        int.TryParse(Environment.GetEnvironmentVariable("COHORTGRID_LOAD_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 30;

    private static string WriteResult(StatusPollingResult result, string cohortId, CohortSnapshot atStart, CohortSnapshot atEnd)
    {
        var folder = Path.Combine(TestData.RepositoryRoot, "TestResults", "load");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "status-polling.json");
        var record = new
        {
            test = nameof(Two_hundred_status_pollers_for_thirty_seconds_see_no_errors),
            at = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount },
            cohort = new { id = cohortId, encoder = BusyEncoder, atStart = atStart.ToString(), atEnd = atEnd.ToString() },
            result.Pollers,
            seconds = result.Elapsed.TotalSeconds,
            result.Requests,
            result.Errors,
            result.ErrorSamples,
            result.RequestsPerSecond,
            result.P50Ms,
            result.P90Ms,
            result.P99Ms,
            result.MaxMs,
            result.MeanMs,
            bytesPerResponse = result.ResponseBytes / Math.Max(1, result.Requests),
        };
        File.WriteAllText(file, JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return file;
    }
}
