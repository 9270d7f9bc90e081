namespace CohortGrid.Testing.Hosting;

/// <summary>How <see cref="ProcessCluster"/> starts its processes.</summary>
public sealed record ProcessClusterOptions
{
    /// <summary>GPU-role silos started with the cluster (<c>gpu-1</c>, <c>gpu-2</c>, ...).</summary>
    public int GpuSilos { get; init; } = 2;

    /// <summary>Start the API/dashboard as an Orleans client (<c>--role api</c>) once the silos are up.</summary>
    public bool Api { get; init; } = true;

    /// <summary>The shared data folder; null for a temporary one, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The Orleans cluster id; null for a fresh one, so clusters sharing a Redis never meet.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Environment of every process (settings such as <c>CohortGrid__TilesPerBatch</c> or <see cref="ProcessCluster.FastFailureDetection"/>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Pin each GPU silo to one core of its own (<c>gpu-N</c> on core N-1, modulo the cores), as each would have its own
    /// GPU: throughput can then grow with GPU silos on a small machine. The CPU silo and the API run on any core.
    /// </summary>
    public bool PinGpuSilos { get; init; }

    /// <summary>How long each process may take to answer <c>GET /health</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// A CohortGrid cluster of separate processes on this machine, like <c>docker/local-cluster.sh</c>: a throwaway
/// <see cref="RedisServer"/> (membership), one CPU silo (<c>--role cpu --node cpu-1</c>: cohorts, slides), GPU-role
/// silos (<c>--role gpu --node gpu-N</c>: tile batches) and the API (<c>--role api</c>, an Orleans client), each a
/// <see cref="SiloHostProcess"/> on its own free ports, all on one data folder with one API key. GPU silos can be added,
/// stopped (SIGTERM), killed (SIGKILL) and started again while the cluster runs.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>
    /// Membership settings that declare a killed silo dead within a few seconds (the defaults take about half a minute):
    /// probes every second, two missed probes to suspect, on loopback where probes are cheap.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastFailureDetection = new Dictionary<string, string?>
    {
        ["Cluster__Membership__ProbeTimeout"] = "00:00:01",
        ["Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Cluster__Membership__DeathVoteExpirationTimeout"] = "00:00:20",
        ["Cluster__Membership__TableRefreshTimeout"] = "00:00:05",
    };

    private readonly ProcessClusterOptions _options;
    private readonly TempDirectory? _ownedData;
    private readonly List<SiloHostProcess> _gpuSilos = [];
    private readonly Lock _lock = new();

    private ProcessCluster(ProcessClusterOptions options, RedisServer redis)
    {
        _options = options;
        Redis = redis;
        if (options.DataDirectory is null)
        {
            _ownedData = new TempDirectory("cohortgrid-cluster");
        }

        DataDirectory = Path.GetFullPath(options.DataDirectory ?? _ownedData!.Path);
        Directory.CreateDirectory(DataDirectory);
        ClusterId = options.ClusterId ?? $"cohortgrid-{Guid.NewGuid():N}";
        Cpu = new SiloHostProcess(HostOptions(Hosting.SiloRole.Cpu, "cpu-1"));
    }

    public RedisServer Redis { get; }

    public string DataDirectory { get; }

    /// <summary>The models folder every silo loads encoders from: <c>{data}/models</c>.</summary>
    public string ModelsDirectory => Path.Combine(DataDirectory, "models");

    public string ClusterId { get; }

    public string ApiKey { get; } = $"cg_cluster_{Guid.NewGuid():N}";

    public SiloHostProcess Cpu { get; }

    /// <summary>The API process; null when the options left it out.</summary>
    public SiloHostProcess? Api { get; private set; }

    /// <summary>Every GPU silo created so far (running or not), in order of creation.</summary>
    public IReadOnlyList<SiloHostProcess> GpuSilos
    {
        get
        {
            lock (_lock)
            {
                return [.. _gpuSilos];
            }
        }
    }

    /// <summary>The silos (not the API), CPU first.</summary>
    public IReadOnlyList<SiloHostProcess> Silos => [Cpu, .. GpuSilos];

    /// <summary>Starts Redis, the CPU silo, the GPU silos (together) and then the API, each once healthy.</summary>
    public static async Task<ProcessCluster> StartAsync(ProcessClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessClusterOptions();
        var redis = await RedisServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var cluster = new ProcessCluster(options, redis);
        try
        {
            await cluster.Cpu.StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(Enumerable.Range(1, options.GpuSilos).Select(i => cluster.AddGpuSiloAsync($"gpu-{i}", cancellationToken))).ConfigureAwait(false);
            if (options.Api)
            {
                cluster.Api = new SiloHostProcess(cluster.HostOptions(Hosting.SiloRole.Api, "api"));
                await cluster.Api.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The GPU silo of node <paramref name="node"/>; null when there is none.</summary>
    public SiloHostProcess? Gpu(string node) => GpuSilos.FirstOrDefault(s => s.Options.Node == node);

    /// <summary>Starts a GPU silo named <paramref name="node"/> (again, on its old ports, when it was created before) and returns once it is healthy.</summary>
    public async Task<SiloHostProcess> AddGpuSiloAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        SiloHostProcess silo;
        lock (_lock)
        {
            silo = _gpuSilos.FirstOrDefault(s => s.Options.Node == node) ?? new SiloHostProcess(HostOptions(Hosting.SiloRole.Gpu, node) with { Cpus = GpuSiloCpus(_gpuSilos.Count) });
            if (!_gpuSilos.Contains(silo))
            {
                _gpuSilos.Add(silo);
            }
        }

        await silo.StartAsync(cancellationToken).ConfigureAwait(false);
        return silo;
    }

    /// <summary>
    /// The value of <paramref name="metric"/> (a series without labels, or the only one of that name; 0 when absent) at
    /// <c>GET /metrics</c> of each running silo and, with <paramref name="includeApi"/>, of the API, by node name.
    /// </summary>
    public async Task<Dictionary<string, double>> ScrapeByNodeAsync(string metric, bool includeApi = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        IReadOnlyList<SiloHostProcess> processes = includeApi && Api is not null ? [.. Silos, Api] : Silos;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var process in processes.Where(p => p.IsRunning))
        {
            result[process.Options.Node!] = PrometheusText.Value(await process.ScrapeMetricsAsync(cancellationToken).ConfigureAwait(false), metric) ?? 0;
        }

        return result;
    }

    /// <summary>Kills every process (API, GPU silos, CPU silo, Redis) and deletes a temporary data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var silo in GpuSilos)
        {
            await silo.DisposeAsync().ConfigureAwait(false);
        }

        await Cpu.DisposeAsync().ConfigureAwait(false);
        await Redis.DisposeAsync().ConfigureAwait(false);
        _ownedData?.Dispose();
    }

    private IReadOnlyList<int>? GpuSiloCpus(int index) => _options.PinGpuSilos ? [index % Environment.ProcessorCount] : null;

    private SiloHostOptions HostOptions(string role, string node) => new()
    {
        ApiKey = ApiKey,
        DataDirectory = DataDirectory,
        ModelsDirectory = ModelsDirectory,
        Role = role,
        Node = node,
        Redis = Redis.Endpoint,
        ClusterId = ClusterId,
        Environment = _options.Environment,
        StartTimeout = _options.StartTimeout,
    };
}

/// <summary>The roles <see cref="ProcessCluster"/> starts (<c>--role</c> values).</summary>
public static class SiloRole
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";
    public const string Api = "api";
}
