using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.Silo.Metrics;
using CohortGrid.Testing.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Tests;

/// <summary>The host with the cluster-wide figures read at every scrape (no caching), for the metrics tests.</summary>
public sealed class MetricsApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Metrics:ClusterRefresh", "00:00:00"),
    ];
}

/// <summary><c>GET /metrics</c> of the single-node host, and <see cref="HostMetrics"/> on its own with a scripted source.</summary>
public sealed class MetricsTests(MetricsApiFactory factory) : IClassFixture<MetricsApiFactory>
{
    [Fact]
    public async Task Metrics_are_served_without_credentials_and_count_the_tiles_of_a_finished_cohort()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var first = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/plain", first.Content.Headers.ContentType?.MediaType);
        var text = await first.Content.ReadAsStringAsync(cancellationToken);
        foreach (var name in new[] { HostMetrics.SlidesPending, HostMetrics.CohortsRunning, HostMetrics.TilesPending, HostMetrics.BatchesPending, HostMetrics.BatchesInFlight, HostMetrics.TilesPerSecond, HostMetrics.TilesEmbedded, HostMetrics.SiloInfo, "process_cpu_seconds_total" })
        {
            Assert.Contains($"# TYPE {name} ", text, StringComparison.Ordinal);
        }

        Assert.Contains("# TYPE cohortgrid_tiles_embedded_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"cohortgrid_silo_info\{role=""cpu,gpu"",silo=""[^""]+"",address=""127\.0\.0\.1:\d+@\d+""\} 1", text);

        using var client = factory.CreateAuthorizedClient();
        using var submitted = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "metrics cohort"), cancellationToken);
        var status = await client.WaitForFinishAsync((await submitted.ReadAsync<Wire.CohortStatus>()).Id);
        Assert.Equal(Wire.CohortState.Completed, status.State);

        var samples = PrometheusText.Parse(await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken));
        Assert.Equal(KeptTiles(status.Id), samples[HostMetrics.TilesEmbedded]);
        Assert.Equal(0, samples[HostMetrics.SlidesPending]);
        Assert.Equal(0, samples[HostMetrics.CohortsRunning]);
        Assert.Equal(0, samples[HostMetrics.TilesPending]);
        Assert.Equal(0, samples[HostMetrics.BatchesPending]);
        Assert.Equal(0, samples[HostMetrics.BatchesInFlight]);
    }

    [Fact]
    public void Slides_and_tiles_pending_count_the_pending_and_running_slides_of_unfinished_cohorts_only()
    {
        var running = Cohort(CohortState.Running, SlideState.Completed, SlideState.Running, SlideState.Pending, SlideState.Failed);
        running = running with { Slides = [.. running.Slides.Select(s => s with { TilesTotal = 100, TilesDone = s.State == SlideState.Running ? 30 : 0 })] };
        var finished = Cohort(CohortState.Completed, SlideState.Completed);
        finished = finished with { Slides = [finished.Slides[0] with { TilesTotal = 50 }] };

        var work = GrainClusterWorkSource.Count([running, Cohort(CohortState.WaitingForGpu, SlideState.Pending, SlideState.Pending), finished]);

        // 70 tiles left on the running slide, 100 planned on the pending one; nothing of the failed slide or finished cohort.
        Assert.Equal(new ClusterWork(2, 4, 170), work);
    }

    [Fact]
    public async Task Pending_tiles_are_exported_with_the_tile_batches_they_make()
    {
        var source = new ScriptedSource { Next = new ClusterWork(1, 2, 65) };
        var metrics = new HostMetrics(source, new HostMetricsOptions { Role = "api", TilesPerBatch = 32 }, new ListLogger());

        var samples = await ScrapeAsync(metrics);

        Assert.Equal(65, samples[HostMetrics.TilesPending]);
        Assert.Equal(3, samples[HostMetrics.BatchesPending]);
    }

    [Fact]
    public async Task A_failed_cluster_read_is_logged_and_the_scrape_keeps_the_last_figures()
    {
        var source = new ScriptedSource { Next = new ClusterWork(2, 7) };
        var logger = new ListLogger();
        var time = new ManualTime();
        var metrics = new HostMetrics(source, new HostMetricsOptions { Role = "cpu", Node = "cpu-1", ClusterRefresh = TimeSpan.FromSeconds(5) }, logger, time: time);

        Assert.Equal(7, (await ScrapeAsync(metrics))[HostMetrics.SlidesPending]);
        source.Next = new ClusterWork(1, 3);
        Assert.Equal(7, (await ScrapeAsync(metrics))[HostMetrics.SlidesPending]); // within the refresh interval: not read again
        Assert.Equal(1, source.Reads);

        time.Advance(TimeSpan.FromSeconds(6));
        source.Failure = new TimeoutException("the registry did not answer");
        var samples = await ScrapeAsync(metrics);
        Assert.Equal(7, samples[HostMetrics.SlidesPending]);
        Assert.Equal(2, samples[HostMetrics.CohortsRunning]);
        Assert.Contains(logger.Messages, m => m.Contains("the registry did not answer", StringComparison.Ordinal));
        Assert.False(samples.ContainsKey(HostMetrics.TilesEmbedded)); // no work meter: not a silo

        source.Failure = null;
        samples = await ScrapeAsync(metrics);
        Assert.Equal(3, samples[HostMetrics.SlidesPending]);
        Assert.Equal(1, samples[HostMetrics.CohortsRunning]);
        Assert.Equal(1, samples["cohortgrid_silo_info{role=\"cpu\",silo=\"cpu-1\",address=\"\"}"]);
    }

    private static CohortStatus Cohort(CohortState state, params SlideState[] slides) =>
        new() { State = state, Slides = [.. slides.Select((s, i) => new SlideStatus { SlideId = $"s{i}", State = s })] };

    private static async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(HostMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private double KeptTiles(string cohortId) =>
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "results", "cohorts", cohortId, "slides"), "summary.json", SearchOption.AllDirectories)
            .Sum(path =>
            {
                using var summary = JsonDocument.Parse(File.ReadAllText(path));
                return summary.RootElement.GetProperty("tiles").GetInt32();
            });

    private sealed class ScriptedSource : IClusterWorkSource
    {
        public ClusterWork Next { get; set; } = new(0, 0);

        public Exception? Failure { get; set; }

        public int Reads { get; private set; }

        public Task<ClusterWork> ReadAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return Failure is { } failure ? Task.FromException<ClusterWork>(failure) : Task.FromResult(Next);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class ListLogger : ILogger<HostMetrics>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
