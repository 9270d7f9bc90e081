using System.Diagnostics;
using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// docker/local-cluster.sh: the compose topology as processes (Redis, a cpu silo, two gpu silos, the API), started
/// detached, seen whole through the API, and stopped through its pid files.
/// </summary>
public sealed class LocalClusterScriptTests
{
    private static string Script => Path.Combine(Repo.Docker, "local-cluster.sh");

    [Fact]
    public void The_script_is_valid_bash_and_explains_itself()
    {
        Prerequisite.Run("bash", ["-n", Script]);
        var help = Prerequisite.Run("bash", [Script, "--help"]);
        Assert.Contains("--stop", help, StringComparison.Ordinal);
        Assert.Contains("--detach", help, StringComparison.Ordinal);
        Assert.StartsWith("#!/usr/bin/env bash", File.ReadAllText(Script), StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", File.ReadAllText(Script), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_redis_a_cpu_silo_two_gpu_silos_and_the_api_then_stops_them_all()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        if (RedisServer.Locate() is null)
        {
            Prerequisite.Missing("redis-server is not installed (scripts/setup.sh installs it).");
        }

        using var data = new TempDirectory("cohortgrid-local-cluster");
        var port = LoopbackPorts.Free();
        var key = $"test-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string> { ["COHORTGRID_API_KEY"] = key, ["DOTNET"] = DotnetHost.Path() };
        try
        {
            var output = await RunScriptAsync(["--detach", "--data", data.Path, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "150"], environment, cancellationToken);
            Assert.Contains($"http://127.0.0.1:{port}/", output, StringComparison.Ordinal);
            Assert.Contains(key, output, StringComparison.Ordinal);

            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var roles = await ClusterView.WaitForActiveRolesAsync(http, ["cpu", "gpu", "gpu"], TimeSpan.FromSeconds(30), cancellationToken);
            Assert.Equal(["cpu", "gpu", "gpu"], roles);
            foreach (var name in new[] { "redis", "silo-cpu", "silo-gpu-1", "silo-gpu-2", "api" })
            {
                Assert.True(File.Exists(Path.Combine(data.Path, "run", $"{name}.pid")), $"No pid file for {name}.");
                Assert.True(File.Exists(Path.Combine(data.Path, "logs", $"{name}.log")), $"No log for {name}.");
            }

            Assert.True(File.Exists(Path.Combine(data.Path, "models", "tiny-cnn-encoder.card.json")));
        }
        finally
        {
            var pids = Directory.Exists(Path.Combine(data.Path, "run"))
                ? Directory.GetFiles(Path.Combine(data.Path, "run"), "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList()
                : [];
            await RunScriptAsync(["--stop", "--data", data.Path], environment, CancellationToken.None);
            Assert.Empty(Directory.GetFiles(Path.Combine(data.Path, "run"), "*.pid"));
            foreach (var pid in pids)
            {
                Assert.False(IsRunning(pid), $"Process {pid} still runs after --stop.");
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> RunScriptAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"local-cluster.sh {string.Join(' ', start.ArgumentList.Skip(1))} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
