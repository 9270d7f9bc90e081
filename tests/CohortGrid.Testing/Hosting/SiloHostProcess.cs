using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace CohortGrid.Testing.Hosting;

/// <summary>
/// The real CohortGrid host (<c>cohortgrid-silo.dll</c>, a single node with roles cpu,gpu unless <c>--role</c> says
/// otherwise) as a child process, for tests and benchmarks that need the whole thing: HTTP API, dashboard, silo and
/// gateway on free loopback ports, a data folder (a temporary one unless given), the API key in
/// <c>COHORTGRID_API_KEY</c>. <see cref="StartAsync"/> returns once <c>GET /health</c> answers 200.
/// The process can be stopped gracefully (<see cref="StopAsync"/>, SIGTERM), killed (<see cref="KillAsync"/>, SIGKILL)
/// and started again on the same ports and data. Disposing kills it and deletes a temporary data folder.
/// </summary>
/// <example>
/// <code>
/// await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--sample"] }, ct);
/// using var http = host.CreateClient();
/// var status = await http.GetStringAsync($"/api/cohorts/{id}", ct);
/// </code>
/// </example>
/// <remarks>
/// The host must be built first (<c>dotnet build CohortGrid.sln -c Release</c>); a test project can make sure of it with
/// <c>&lt;ProjectReference Include="../../src/CohortGrid.Silo/CohortGrid.Silo.csproj" ReferenceOutputAssembly="false" /&gt;</c>.
/// Knows nothing of xunit: failures are exceptions whose message carries the host's recent output.
/// </remarks>
public sealed class SiloHostProcess : IAsyncDisposable
{
    /// <summary>Environment variables of the test process that would override the ports or data folder given on the command line.</summary>
    private static readonly string[] ClearedVariables = ["COHORTGRID_DATA", "COHORTGRID_URLS", "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS"];

    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(90);

    private readonly SiloHostOptions _options;
    private readonly bool _ownsDataDirectory;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _health;
    private Process? _process;
    private int _disposed;

    /// <summary>Chooses the ports, the key and the data folder; <see cref="StartAsync"/> starts the process.</summary>
    public SiloHostProcess(SiloHostOptions? options = null)
    {
        _options = options ?? new SiloHostOptions();
        HostAssembly = _options.HostAssembly ?? LocateHostAssembly();
        ApiKey = _options.ApiKey ?? $"test-{Guid.NewGuid():N}";
        _ownsDataDirectory = _options.DataDirectory is null;
        DataDirectory = Path.GetFullPath(_options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"cohortgrid-host-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(DataDirectory);
        ModelsDirectory = Path.GetFullPath(_options.ModelsDirectory ?? Path.Combine(DataDirectory, "models"));
        var ports = LoopbackPorts.Free(3);
        (HttpPort, SiloPort, GatewayPort) = (ports[0], ports[1], ports[2]);
        BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/");
        _health = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>How the host is started.</summary>
    public SiloHostOptions Options => _options;

    /// <summary>The host's <c>cohortgrid-silo.dll</c>.</summary>
    public string HostAssembly { get; }

    /// <summary>The bearer key the API accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The data folder (<c>--data</c>): results, grain state, <c>sample/</c>; kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>The models folder (<c>--models</c>).</summary>
    public string ModelsDirectory { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary><c>http://127.0.0.1:{HttpPort}/</c>.</summary>
    public Uri BaseAddress { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last process once it has exited; null while running or never started.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>What the host printed (stdout and stderr interleaved, one entry per line), oldest first, across restarts.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_outputLock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Starts a host with <paramref name="options"/> and waits until it is healthy.</summary>
    public static async Task<SiloHostProcess> StartNewAsync(SiloHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var host = new SiloHostProcess(options);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts the host (again: same ports, key and data) and returns once <c>GET /health</c> answers 200. Does nothing
    /// while it runs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process exited before it was healthy (the message has its output).</exception>
    /// <exception cref="TimeoutException">Not healthy within <see cref="SiloHostOptions.StartTimeout"/>; the process is killed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process?.Dispose();
            ExitCode = null;
            _process = Launch();
            AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
            AppDomain.CurrentDomain.ProcessExit += KillOnExit;
            await WaitUntilHealthyAsync(_process, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Graceful stop: sends SIGTERM (the host drains in-flight work and leaves the cluster) and waits for the exit;
    /// kills the process if it has not exited within <paramref name="timeout"/> (default 90 s; the host's own
    /// shutdown timeout is 60 s). Returns the exit code, or null when nothing was running.
    /// </summary>
    public async Task<int?> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is not { } process)
            {
                return null;
            }

            if (!process.HasExited)
            {
                await ProcessSignal.TerminateAsync(process.Id).ConfigureAwait(false);
                using var graceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                graceful.CancelAfter(OperatingSystem.IsWindows() ? TimeSpan.Zero : timeout ?? DefaultStopTimeout);
                try
                {
                    await process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return Release(process);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the host at once (SIGKILL, like a crash or an evicted pod) and waits for the exit. Returns the exit code, or null when nothing was running.</summary>
    public async Task<int?> KillAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process is not { } process)
            {
                return null;
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            return Release(process);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A client of the API: base address set, <c>Authorization: Bearer {ApiKey}</c> on every request, no proxy. The
    /// caller disposes it.
    /// </summary>
    /// <param name="handler">The handler to use (disposed with the client); null for a fresh one.</param>
    public HttpClient CreateClient(HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: true) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>
    /// <c>GET /metrics</c> (no credentials), parsed: every sample by its name with labels as exposed, e.g.
    /// <c>cohortgrid_tiles_embedded_total</c> or <c>cohortgrid_silo_info{role="gpu",...}</c> (see <see cref="PrometheusText"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, double>> ScrapeMetricsAsync(CancellationToken cancellationToken = default)
    {
        var text = await _health.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return PrometheusText.Parse(text);
    }

    /// <summary>Lines of output that contain <paramref name="text"/> (ordinal), oldest first.</summary>
    public IReadOnlyList<string> OutputLines(string text) => [.. Output.Where(line => line.Contains(text, StringComparison.Ordinal))];

    /// <summary>Waits until a line of output contains <paramref name="text"/> (ordinal); lines printed before the call count.</summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/> (the message has the recent output).</exception>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (Output.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The host printed no line containing '{text}' within {timeout.TotalSeconds:0} s. {Describe()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of output, for failure messages.</summary>
    public string RecentOutput(int lines = 60)
    {
        lock (_outputLock)
        {
            return string.Join(System.Environment.NewLine, _output.Skip(Math.Max(0, _output.Count - lines)));
        }
    }

    /// <summary>Kills the host and deletes the data folder when it is a temporary one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await KillAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        _health.Dispose();
        _gate.Dispose();
        if (_ownsDataDirectory)
        {
            await TempDirectory.DeleteAsync(DataDirectory).ConfigureAwait(false);
        }
    }

    private static string LocateHostAssembly()
    {
        if (System.Environment.GetEnvironmentVariable("COHORTGRID_SILO_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new FileNotFoundException($"COHORTGRID_SILO_DLL names '{configured}', which does not exist.", configured);
        }

        var bin = Path.Combine(TestData.RepositoryRoot, "src", "CohortGrid.Silo", "bin");
        var candidates = new[] { "Release", "Debug" }.Select(c => Path.Combine(bin, c, "net10.0", "cohortgrid-silo.dll")).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The host is not built: none of {string.Join(", ", candidates)} exists. Run: dotnet build CohortGrid.sln -c Release");
    }

    private Process Launch()
    {
        var (fileName, arguments) = CommandLine();
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in ClearedVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["COHORTGRID_API_KEY"] = ApiKey;
        foreach (var (name, value) in _options.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName} {HostAssembly}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private (string FileName, string[] Arguments) CommandLine()
    {
        var dotnet = DotnetHost.Path();
        var pinned = _options.Cpus is { Count: > 0 };
        string[] arguments =
        [
            // taskset replaces itself with dotnet (exec), so the process id stays the host's for SIGTERM and SIGKILL.
            .. pinned ? ["-c", string.Join(',', _options.Cpus!.Select(c => c.ToString(CultureInfo.InvariantCulture))), dotnet] : Array.Empty<string>(),
            HostAssembly,
            "--data", DataDirectory,
            "--models", ModelsDirectory,
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture),
            "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", GatewayPort.ToString(CultureInfo.InvariantCulture),
            .. Optional("--role", _options.Role),
            .. Optional("--node", _options.Node),
            .. Optional("--redis", _options.Redis),
            .. Optional("--cluster-id", _options.ClusterId),
            .. _options.Arguments,
        ];
        return (pinned ? "taskset" : dotnet, arguments);
    }

    private static string[] Optional(string flag, string? value) => value is null ? [] : [flag, value];

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // Let the output readers drain before quoting them.
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                ExitCode = process.ExitCode;
                throw new InvalidOperationException($"The host exited with code {process.ExitCode} before it was healthy. {Describe()}");
            }

            try
            {
                using var response = await _health.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            if (watch.Elapsed > _options.StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw new TimeoutException($"The host was not healthy within {_options.StartTimeout.TotalSeconds:0} s (GET {BaseAddress}health). {Describe()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Release(Process process)
    {
        ExitCode = process.ExitCode;
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        process.Dispose();
        _process = null;
        return ExitCode.Value;
    }

    private string Describe()
    {
        var (fileName, arguments) = CommandLine();
        return $"Command: {fileName} {string.Join(' ', arguments)}{System.Environment.NewLine}Output:{System.Environment.NewLine}{RecentOutput()}";
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > Math.Max(1, _options.MaxOutputLines))
            {
                _output.Dequeue();
            }
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
