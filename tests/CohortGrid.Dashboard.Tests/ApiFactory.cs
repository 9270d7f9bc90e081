using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CohortGrid.Dashboard.Auth;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CohortGrid.Dashboard.Tests;

/// <summary>
/// The real host (<c>cohortgrid-silo</c>'s Program) in process: a single-node cluster with both roles on a temp data
/// folder, free Orleans ports, one known API key, and a few small synthetic slides under the allowed root
/// <c>{data}/slides</c>. Extra settings let a test class change limits.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string Key = "cg_test-key-for-the-api-functional-tests";
    public const string OtherKey = "cg_second-key";

    private readonly TempDirectory _data = new("cohortgrid-api");

    public ApiFactory()
    {
        SampleModels.WriteTinyCnn(ModelsDirectory);
        Slides = [.. Enumerable.Range(0, 4).Select(i =>
        {
            var path = Path.Combine(SlidesDirectory, $"slide-{i + 1}.tiff");
            SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 1600, Height = 1200, Seed = 300 + i, Grade = i / 4.0, TissueCoverage = 0.4 }, path);
            return path;
        })];
    }

    public string DataDirectory => _data.Path;

    public string SlidesDirectory => Directory.CreateDirectory(Path.Combine(_data.Path, "slides")).FullName;

    public string ModelsDirectory => Path.Combine(_data.Path, "models");

    public IReadOnlyList<string> Slides { get; }

    /// <summary>Settings on top of the defaults, for classes that test limits.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>A client with <see cref="Key"/> as bearer token.</summary>
    public HttpClient CreateAuthorizedClient(string key = Key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CohortGrid:DataDirectory"] = _data.Path,
            ["CohortGrid:ModelsDirectory"] = ModelsDirectory,
            ["CohortGrid:SupervisionInterval"] = "00:00:01",
            ["Silo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:Keys:0:Name"] = "tester",
            ["Api:Keys:0:Sha256"] = ApiKeys.Hash(Key),
            ["Api:Keys:1:Name"] = "other",
            ["Api:Keys:1:Sha256"] = ApiKeys.Hash(OtherKey),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
