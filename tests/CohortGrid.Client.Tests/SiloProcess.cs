using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CohortGrid.Testing;

namespace CohortGrid.Client.Tests;

/// <summary>
/// The real host (<c>cohortgrid-silo.dll</c>) as a child process: a single-node cluster with the API on free ports,
/// its own data folder and API key. It can be stopped (SIGTERM, as an operator's restart) and started again on the
/// same ports and data; it is killed on dispose. Its output is kept for failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly bool _sample;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private Process? _process;
    private int _disposed;

    private SiloProcess(string dataDirectory, string apiKey, bool sample)
    {
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        _sample = sample;
        (HttpPort, SiloPort, GatewayPort) = FreePorts();
    }

    public string DataDirectory { get; }

    public string ApiKey { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri Url => new($"http://127.0.0.1:{HttpPort}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The host's dll beside the repository's build of the same configuration as the tests.</summary>
    public static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
            var path = Path.Combine(TestData.RepositoryRoot, "src", "CohortGrid.Silo", "bin", configuration, "net10.0", "cohortgrid-silo.dll");
            Assert.True(File.Exists(path), $"The host is not built: {path} is missing (dotnet build CohortGrid.sln -c {configuration}).");
            return path;
        }
    }

    /// <summary>Starts a host on free ports over <paramref name="dataDirectory"/>; returns once <c>/health</c> answers 200.</summary>
    /// <param name="dataDirectory">Results, grain state and (with <paramref name="sample"/>) the sample cohort.</param>
    /// <param name="apiKey">The key the API accepts (COHORTGRID_API_KEY).</param>
    /// <param name="sample">Generate and submit the sample cohort (<c>--sample</c>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<SiloProcess> StartNewAsync(string dataDirectory, string apiKey, bool sample, CancellationToken cancellationToken)
    {
        var host = new SiloProcess(dataDirectory, apiKey, sample);
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the host (again) on the same ports and data folder; returns once <c>/health</c> answers 200.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (IsRunning)
        {
            return;
        }

        _process?.Dispose();
        Record($"--- starting on http {HttpPort}, silo {SiloPort}, gateway {GatewayPort} ---");
        _process = Launch();
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        await WaitUntilHealthyAsync(_process, cancellationToken);
    }

    /// <summary>Asks the host to shut down (SIGTERM) and waits until it has exited; kills it after 30 s.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"kill -TERM {process.Id}"]) { UseShellExecute = false }))
            {
                await kill!.WaitForExitAsync(cancellationToken);
            }

            using var graceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            graceful.CancelAfter(StopTimeout);
            try
            {
                await process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Record("--- did not stop within 30 s; killed ---");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(cancellationToken);
            }
        }

        Record($"--- stopped (exit code {process.ExitCode}) ---");
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        process.Dispose();
        _process = null;
    }

    /// <summary>The last lines the host printed, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_outputLock)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            _process = null;
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        string[] arguments =
        [
            HostDll, "--data", DataDirectory, "--models", Path.Combine(DataDirectory, "models"),
            "--http-port", Port(HttpPort), "--silo-port", Port(SiloPort), "--gateway-port", Port(GatewayPort),
        ];
        foreach (var argument in _sample ? [.. arguments, "--sample"] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COHORTGRID_API_KEY"] = ApiKey;
        start.Environment.Remove("COHORTGRID_URLS");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start dotnet {HostDll}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {process.ExitCode} before it was healthy. Output:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "health"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            if (watch.Elapsed > StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The host was not healthy within {StartTimeout.TotalSeconds} s. Output:{Environment.NewLine}{RecentOutput()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static (int, int, int) FreePorts()
    {
        // All three held at once, so they differ.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
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
