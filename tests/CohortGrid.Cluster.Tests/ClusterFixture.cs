using System.Diagnostics;
using System.Text.Json;
using CohortGrid.Client;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;
using SlideResult = CohortGrid.Contracts.SlideResult;

namespace CohortGrid.Cluster.Tests;

/// <summary>
/// One multi-process cluster for the test class (<see cref="ProcessCluster"/>: Redis, <c>cpu-1</c>, <c>gpu-1</c>,
/// <c>gpu-2</c> and the API on loopback, a cluster id of its own, one temporary data folder with the sample encoders),
/// with fast failure detection (<see cref="ProcessCluster.FastFailureDetection"/>). Tests change the GPU silos and put
/// the standard set back first (<see cref="EnsureStandardTopologyAsync"/>). Without redis-server the tests skip (fail
/// under CI).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Encoder = "tiny-cnn-encoder";

    /// <summary>About ten times slower per tile than <see cref="Encoder"/> on a CPU.</summary>
    public const string SlowEncoder = "resnet50-layer3-encoder";

    /// <summary>The GPU silos every test starts from.</summary>
    public static readonly IReadOnlyList<string> StandardGpuNodes = ["gpu-1", "gpu-2"];

    /// <summary>Polls every 250 ms, for up to 3 minutes.</summary>
    public static readonly WatchOptions Watch = new() { InitialInterval = TimeSpan.FromMilliseconds(250), BackoffFactor = 1, MaxInterval = TimeSpan.FromMilliseconds(250), GiveUpAfter = TimeSpan.FromMinutes(3) };

    private TempDirectory? _data;
    private ProcessCluster? _cluster;
    private string? _missing;

    public ProcessCluster Cluster => _cluster ?? throw new InvalidOperationException(_missing ?? "The cluster did not start.");

    public SiloHostProcess Api => Cluster.Api!;

    public string DataDirectory => Cluster.DataDirectory;

    /// <summary>How long the cluster took to start (Redis, three silos, the API).</summary>
    public TimeSpan StartTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (RedisServer.Locate() is null)
        {
            _missing = "redis-server is not installed (Debian package redis-server; scripts/setup.sh installs it).";
            return;
        }

        var watch = Stopwatch.StartNew();
        _data = new TempDirectory("cohortgrid-cluster-tests");
        SampleModels.EnsureAll(Path.Combine(_data.Path, "models"));
        _cluster = await ProcessCluster.StartAsync(
            new ProcessClusterOptions
            {
                DataDirectory = _data.Path,
                Environment = ProcessCluster.FastFailureDetection,
            },
            TestContext.Current.CancellationToken);
        StartTime = watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            // Every process's output, for a look after a failure: {repo}/TestResults/cluster/{node}.log.
            var logs = Directory.CreateDirectory(Path.Combine(TestData.RepositoryRoot, "TestResults", "cluster")).FullName;
            foreach (var process in new[] { _cluster.Cpu, _cluster.Api! }.Concat(_cluster.GpuSilos).Where(p => p is not null))
            {
                await File.WriteAllLinesAsync(Path.Combine(logs, $"{process.Options.Node}.log"), process.Output);
            }

            await _cluster.DisposeAsync();
        }

        _data?.Dispose();
    }

    /// <summary>Skips the test when redis-server is missing (fails under CI).</summary>
    public void RequireCluster()
    {
        if (_missing is not null)
        {
            Prerequisite.Missing(_missing);
        }
    }

    /// <summary>An SDK client of the API process; the caller disposes it.</summary>
    public CohortGridClient NewClient() => CohortGridClient.Create(Api.BaseAddress, Cluster.ApiKey);

    /// <summary>
    /// Stops (SIGTERM) any GPU silo other than gpu-1 and gpu-2, starts those two when they are not running, and waits until
    /// the API's cluster view shows exactly cpu-1, gpu-1 and gpu-2 active with their roles reported.
    /// </summary>
    public async Task EnsureStandardTopologyAsync(CancellationToken cancellationToken)
    {
        foreach (var extra in Cluster.GpuSilos.Where(s => s.IsRunning && !StandardGpuNodes.Contains(s.Options.Node)))
        {
            await extra.StopAsync(cancellationToken: cancellationToken);
        }

        foreach (var node in StandardGpuNodes)
        {
            await Cluster.AddGpuSiloAsync(node, cancellationToken);
        }

        using var http = Api.CreateClient();
        var roles = await ClusterView.WaitForActiveRolesAsync(http, ["cpu", "gpu", "gpu"], TimeSpan.FromSeconds(60), cancellationToken);
        Assert.True(roles is ["cpu", "gpu", "gpu"], $"Waited 60 s for the cluster view to show cpu-1, gpu-1 and gpu-2 active; active roles: {string.Join(", ", roles)}.");
    }

    /// <summary>Synthetic slides in <c>{data}/sample/{name}</c> (an allowed root), as manifest rows.</summary>
    public IReadOnlyList<ManifestSlide> Slides(string name, SampleCohortOptions options)
    {
        var cohort = SampleCohort.Generate(Path.Combine(DataDirectory, "sample", name), options, TestContext.Current.CancellationToken);
        return [.. cohort.Slides.Select(s => new ManifestSlide(s.SlideId, s.PatientId, Path.Combine(cohort.Directory, s.FileName)))];
    }

    /// <summary>Tiles in the slide's features.h5 (rows) and, from its summary.json, the tiles kept and dropped by QC.</summary>
    public SlideFiles ReadSlide(string cohortId, string slideId)
    {
        var folder = Path.Combine(DataDirectory, "results", "cohorts", cohortId, "slides", slideId);
        var summary = JsonSerializer.Deserialize<SlideResult>(File.ReadAllText(Path.Combine(folder, "summary.json")), JsonSerializerOptions.Web)!;
        var features = Path.Combine(folder, "features.h5");
        return new SlideFiles(File.Exists(features) ? TileFeatureFile.ReadHeader(features).Count : -1, summary.Tiles, summary.QcDropped);
    }

    /// <summary><c>cohortgrid_tiles_embedded_total</c> of each running silo, by node name.</summary>
    public Task<Dictionary<string, double>> TilesEmbeddedAsync(CancellationToken cancellationToken) =>
        Cluster.ScrapeByNodeAsync("cohortgrid_tiles_embedded_total", cancellationToken: cancellationToken);

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(100, cancellationToken);
        }
    }
}

/// <summary>What a finished slide left in the results store.</summary>
/// <param name="FeatureRows">Rows of features.h5 (-1 when the file is missing).</param>
/// <param name="Tiles">Tiles kept, from summary.json.</param>
/// <param name="QcDropped">Tiles dropped by QC, from summary.json.</param>
public sealed record SlideFiles(int FeatureRows, int Tiles, int QcDropped);
