using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Testing.Azurite;

/// <summary>
/// A real Azurite blob service (the Azure Storage emulator, from npm) on 127.0.0.1 with its own port and data folder,
/// which a test can stop (an outage) and start again on the same port and data. Knows nothing of the Azure SDK: it
/// only runs the process and hands out the connection string.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The development account's published key (not a secret; tests use it to check none leaks anyway).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _script;
    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private int _disposed;

    private AzuriteServer(string script, int port, string dataDirectory)
    {
        _script = script;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public int Port { get; }

    /// <summary>Where Azurite keeps blobs and metadata; kept across <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public string DataDirectory { get; }

    /// <summary><c>http://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a new server on a free port and a fresh temporary data folder, once it accepts connections.</summary>
    /// <param name="script">The <c>azurite-blob</c> script; by default <see cref="AzuriteLocator.RequireScript"/> (which skips the test when missing).</param>
    /// <param name="cancellationToken">Stops waiting for the server to listen.</param>
    public static async Task<AzuriteServer> StartNewAsync(string? script = null, CancellationToken cancellationToken = default)
    {
        script ??= AzuriteLocator.RequireScript();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"cohortgrid-azurite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var server = new AzuriteServer(script, LoopbackPorts.Free(), dataDirectory);
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string for the development account with another key, to provoke authorisation failures.</summary>
    public string ConnectionStringWithKey(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={accountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Starts Azurite (again) on the same port and data folder; returns once the port accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsRunning)
            {
                return;
            }

            // A process that died on its own is replaced.
            _process?.Dispose();
            _process = Launch();
            AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
            AppDomain.CurrentDomain.ProcessExit += KillOnExit;
            await WaitUntilListeningAsync(_process, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops Azurite and waits until it has exited: first asks it to close (so it saves its metadata, which a later
    /// <see cref="StartAsync"/> reads back), then kills the process tree if it has not exited within 10 s.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_process is not { } process)
            {
                return;
            }

            if (!process.HasExited)
            {
                // SIGTERM, not a kill: Azurite saves its metadata on the way out.
                await ProcessSignal.TerminateAsync(process.Id);
                using var graceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                graceful.CancelAfter(OperatingSystem.IsWindows() ? TimeSpan.Zero : GracefulStopTimeout);
                try
                {
                    await process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(cancellationToken);
                }
            }

            AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
            process.Dispose();
            _process = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops Azurite and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        await TempDirectory.DeleteAsync(DataDirectory);

        _gate.Dispose();
    }

    /// <summary>The last lines Azurite printed, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_outputLock)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(_script)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", DataDirectory, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start Azurite ({_script}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilListeningAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite ({_script}) exited with code {process.ExitCode} before listening on port {Port}. Is Node.js installed? Output:{Environment.NewLine}{RecentOutput()}");
            }

            using (var client = new TcpClient())
            {
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                    await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
                    return;
                }
                catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Not listening yet.
                }
            }

            if (deadline.Elapsed > StartTimeout)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds} s. Output:{Environment.NewLine}{RecentOutput()}");
            }

            await Task.Delay(100, cancellationToken);
        }
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
            while (_output.Count > 50)
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
