using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace CohortGrid.Deployment.Tests.Hosting;

/// <summary>
/// A child process started exactly as given (program, arguments, environment, working folder), its output kept, killed
/// on dispose. For starting the host the way an image's ENTRYPOINT/CMD/ENV would, which the shared SiloHostProcess
/// (always <c>--http-port</c>) does not.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join(Environment.NewLine, _output.TakeLast(80));

    /// <summary>Starts <paramref name="fileName"/>; variables with a null value are removed from the inherited environment.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
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
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Record(e.Data);
        process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200; fails with the process output if it exits or the time runs out.</summary>
    public async Task WaitForOkAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        HttpStatusCode? last = null;
        while (true)
        {
            Assert.False(_process.HasExited, $"The process exited ({(_process.HasExited ? _process.ExitCode : 0)}) before {url} answered 200:\n{Output}");
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                last = response.StatusCode;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            Assert.True(watch.Elapsed < timeout, $"{url} did not answer 200 within {timeout.TotalSeconds:0} s (last: {last?.ToString() ?? "no answer"}):\n{Output}");
            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }
}
