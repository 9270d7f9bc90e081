using System.Net;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Load.Tests;

/// <summary>The shared host helper itself: graceful stop, kill and restart on the same ports and data.</summary>
public sealed class SiloHostProcessTests
{
    [Fact(DisableParallelization = true)]
    public async Task The_host_stops_gracefully_is_killed_and_restarts_on_the_same_ports_and_data()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await SiloHostProcess.StartNewAsync(cancellationToken: cancellationToken);
        var (port, data) = (host.HttpPort, host.DataDirectory);
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/cohorts", UriKind.Relative), cancellationToken)).StatusCode);

        // SIGTERM: the host leaves the cluster and exits on its own, with code 0.
        Assert.Equal(0, await host.StopAsync(cancellationToken: cancellationToken));
        Assert.False(host.IsRunning);
        Assert.Null(await host.StopAsync(cancellationToken: cancellationToken));

        await host.StartAsync(cancellationToken);
        Assert.Equal((port, data), (host.HttpPort, host.DataDirectory));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken)).StatusCode);

        // SIGKILL: no chance to clean up (exit code 137 from the shell's point of view, -1 or 137 as .NET reports it).
        Assert.NotEqual(0, await host.KillAsync(cancellationToken));
        await host.StartAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken)).StatusCode);
        Assert.True(Directory.Exists(data));
        Assert.Contains(host.Output, line => line.Contains("Application started", StringComparison.Ordinal) || line.Contains("Now listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_that_cannot_start_fails_with_its_output()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--Storage:Kind", "NoSuchStore"] }, cancellationToken);
        });

        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Output:", failure.Message, StringComparison.Ordinal);
    }
}
