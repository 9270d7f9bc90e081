using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CohortGrid.Silo;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Dashboard.Tests;

/// <summary>The host started on an HTTP address another program already listens on (a second <c>./run.sh</c>).</summary>
public sealed class HttpAddressInUseTests
{
    [Fact]
    public async Task A_taken_http_address_ends_the_host_with_one_line_naming_it_and_no_stack_trace()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var address = $"http://127.0.0.1:{port}";

        // A later --http-port wins over the free one the harness chooses.
        await using var host = new SiloHostProcess(new SiloHostOptions { Arguments = ["--http-port", port.ToString(CultureInfo.InvariantCulture)] });
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(SiloHosting.AddressInUseExitCode, host.ExitCode);
        var line = Assert.Single(host.OutputLines(address));
        Assert.Contains("COHORTGRID_URLS", line, StringComparison.Ordinal);
        Assert.Contains("--http-port", line, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Output, l => l.Contains("Unhandled exception", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("IOException", StringComparison.Ordinal));
    }
}
