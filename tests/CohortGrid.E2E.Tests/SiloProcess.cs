using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CohortGrid.Testing;

namespace CohortGrid.E2E.Tests;

/// <summary>
/// The real host, <c>cohortgrid-silo.dll</c> as built beside these tests, as a child process on free loopback ports
/// with its own data folder and a known API key. Its output goes to <c>silo.log</c> in the data folder, and the last
/// lines are in any failure message.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly StreamWriter _logFile;

    private SiloProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
        _logFile = new StreamWriter(logPath) { AutoFlush = true };
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    /// <summary>The silo dll of the configuration these tests were built in (Release unless the path says Debug).</summary>
    public static string DllPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(TestData.RepositoryRoot, "src", "CohortGrid.Silo", "bin", configuration, "net10.0", "cohortgrid-silo.dll");
        }
    }

    public static async Task<SiloProcess> StartAsync(string dataDirectory, string modelsDirectory, string apiKey, CancellationToken cancellationToken)
    {
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The silo is not built: {dll} (dotnet build CohortGrid.sln -c Release).", dll);
        }

        var (http, silo, gateway) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var argument in new[] { dll, "--data", dataDirectory, "--models", modelsDirectory, "--http-port", $"{http}", "--silo-port", $"{silo}", "--gateway-port", $"{gateway}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COHORTGRID_API_KEY"] = apiKey;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("COHORTGRID_URLS");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        var host = new SiloProcess(process, new Uri($"http://127.0.0.1:{http}"), Path.Combine(dataDirectory, "silo.log"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitHealthyAsync(TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>The last lines the silo wrote.</summary>
    public string LogTail(int characters = 4000)
    {
        lock (_log)
        {
            var text = _log.ToString();
            return text.Length <= characters ? text : text[^characters..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone, or stuck: the temp folder is removed anyway.
        }

        _process.Dispose();
        lock (_log)
        {
            _logFile.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            _logFile.WriteLine(line);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting:\n{LogTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The silo did not report healthy within {timeout.TotalSeconds:0} s:\n{LogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
