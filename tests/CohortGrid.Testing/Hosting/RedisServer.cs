using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CohortGrid.Testing.Hosting;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's package, installed by scripts/setup.sh) on a free loopback port, without
/// persistence: the membership table of a multi-process cluster. Disposing kills it and deletes its folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private RedisServer(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:{Port}</c>, as <c>--redis</c> takes it.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The <c>redis-server</c> executable: env <c>COHORTGRID_REDIS_SERVER</c>, else the first on <c>PATH</c>; null when there is none.</summary>
    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("COHORTGRID_REDIS_SERVER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts redis-server on a free port and returns once it answers PING.</summary>
    /// <exception cref="FileNotFoundException">No redis-server (see <see cref="Locate"/>).</exception>
    /// <exception cref="InvalidOperationException">It did not start (the message has its output).</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = Locate() ?? throw new FileNotFoundException("redis-server is not installed (apt-get install redis-server, or set COHORTGRID_REDIS_SERVER).");
        for (var attempt = 1; ; attempt++)
        {
            var directory = new TempDirectory("cohortgrid-redis");
            var port = LoopbackPorts.Free();
            var start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path,
            };
            foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.Path })
            {
                start.ArgumentList.Add(argument);
            }

            var output = new StringBuilder();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, directory, port);
            try
            {
                if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false))
                {
                    return server;
                }
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"redis-server did not start on port {port}: {output}");
                }
            }
        }
    }

    /// <summary>Kills redis-server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                return false; // e.g. the port was taken meanwhile
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (IOException)
            {
                // Closed while starting.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
