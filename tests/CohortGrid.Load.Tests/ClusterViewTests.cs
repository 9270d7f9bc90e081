using System.Globalization;
using System.Text.Json;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Load.Tests;

/// <summary><c>GET /api/cluster</c> from the silo that co-hosts the API and from an API-only process (an Orleans client).</summary>
public sealed class ClusterViewTests(ITestOutputHelper output)
{
    [Fact(DisableParallelization = true)]
    public async Task An_api_only_process_shows_the_silo_its_role_and_the_tiles_it_embedded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var silo = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--sample"] }, cancellationToken);
        await silo.WaitForOutputAsync("Completed in", TimeSpan.FromSeconds(180), cancellationToken);
        await using var api = await SiloHostProcess.StartNewAsync(
            new SiloHostOptions
            {
                ApiKey = silo.ApiKey,
                DataDirectory = silo.DataDirectory,
                Arguments = ["--role", "api", "--gateway-port", silo.GatewayPort.ToString(CultureInfo.InvariantCulture)],
            },
            cancellationToken);
        using var fromSilo = silo.CreateClient();
        using var fromApi = api.CreateClient();

        // Reports go out every 2 s: wait for one sent after the sample cohort finished.
        JsonElement view;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            view = await GetClusterAsync(fromApi, deadline.Token);
            if (view.GetProperty("silos").EnumerateArray().Any(s => s.GetProperty("tilesEmbedded").GetInt64() > 0 && s.GetProperty("queueDepth").GetInt32() == 0))
            {
                break;
            }

            await Task.Delay(500, deadline.Token);
        }

        output.WriteLine($"api-only process: {view}");
        var silos = view.GetProperty("silos").EnumerateArray().ToList();
        var only = Assert.Single(silos);
        Assert.Equal("Active", only.GetProperty("status").GetString());
        Assert.Equal("cpu,gpu", only.GetProperty("role").GetString());
        Assert.Matches(@"^127\.0\.0\.1:\d+@\d+$", only.GetProperty("address").GetString());
        Assert.True(only.GetProperty("activations").GetProperty("CohortGrain").GetInt32() >= 1, view.ToString());
        Assert.Equal(0, view.GetProperty("cohortsRunning").GetInt32());
        Assert.Equal(0, view.GetProperty("queueDepth").GetInt32());

        // The co-hosted API sees the same silo with the same figures.
        var coHosted = await GetClusterAsync(fromSilo, cancellationToken);
        output.WriteLine($"co-hosted: {coHosted}");
        var same = Assert.Single(coHosted.GetProperty("silos").EnumerateArray().ToList());
        Assert.Equal(only.GetProperty("address").GetString(), same.GetProperty("address").GetString());
        Assert.Equal(only.GetProperty("tilesEmbedded").GetInt64(), same.GetProperty("tilesEmbedded").GetInt64());
    }

    private static async Task<JsonElement> GetClusterAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative), cancellationToken));
        return document.RootElement.Clone();
    }
}
