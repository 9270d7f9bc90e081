namespace CohortGrid.Testing.Hosting;

/// <summary>How <see cref="SiloHostProcess"/> starts the host; every property has a usable default.</summary>
public sealed record SiloHostOptions
{
    /// <summary>The API key (env <c>COHORTGRID_API_KEY</c>); null for a random one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The data folder (<c>--data</c>); null for a fresh temporary one, deleted on dispose. A given folder is kept.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The models folder (<c>--models</c>); null for <c>{data}/models</c>.</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>The silo's role (<c>--role</c>: <c>cpu</c>, <c>gpu</c>, <c>cpu,gpu</c>, or <c>api</c> for the API alone as an Orleans client); null for the host's default (cpu,gpu).</summary>
    public string? Role { get; init; }

    /// <summary>The stable node name (<c>--node</c>) slide affinity hashes on; give each silo of a cluster its own. Null for the host name.</summary>
    public string? Node { get; init; }

    /// <summary>Redis clustering (<c>--redis host:port</c>); null for a single localhost silo.</summary>
    public string? Redis { get; init; }

    /// <summary>The Orleans cluster id (<c>--cluster-id</c>), which keeps clusters sharing one Redis apart; null for the default.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Extra command-line arguments after the standard ones, e.g. <c>["--sample"]</c> or <c>["--role", "gpu"]</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra environment variables of the child process; a null value removes an inherited one.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long <see cref="SiloHostProcess.StartAsync"/> waits for <c>GET /health</c> to answer 200.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The host's <c>cohortgrid-silo.dll</c>; null to find it: env <c>COHORTGRID_SILO_DLL</c>, else
    /// <c>src/CohortGrid.Silo/bin/{Release,Debug}/net10.0/</c> under the repository root (the folder holding CohortGrid.sln).
    /// </summary>
    public string? HostAssembly { get; init; }

    /// <summary>
    /// Cores the process and all its threads may run on (<c>taskset -c</c>, util-linux), as a silo with its own GPU or
    /// node would have them to itself; .NET and ONNX Runtime size their thread pools from this set. Null for any core.
    /// </summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>Lines of output kept in <see cref="SiloHostProcess.Output"/> (the oldest are dropped beyond it).</summary>
    public int MaxOutputLines { get; init; } = 5000;
}
