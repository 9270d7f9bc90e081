using System.Diagnostics;
using System.Text.Json;
using CohortGrid.Deployment.Tests.Docker;
using CohortGrid.Deployment.Tests.Hosting;
using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// What the images run, run here without Docker: the host published as the Dockerfiles publish it (from this
/// machine's Release build: <c>dotnet publish --no-build</c>, a few seconds), started with the image's ENTRYPOINT,
/// CMD, WORKDIR and ENV, the image's paths (/app, /data, /models) mapped to a temporary folder and its listening
/// port to a free loopback port; then the HEALTHCHECK URL must answer 200.
/// </summary>
public sealed class ImageStartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_silo_image_entrypoint_starts_a_healthy_host_and_the_dashboard_image_joins_it_as_a_client()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory("cohortgrid-image");
        var roots = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/app"] = temp.File("app"),
            ["/data"] = temp.File("data"),
            ["/models"] = temp.File("models"),
        };
        Directory.CreateDirectory(roots["/data"]);
        Directory.CreateDirectory(roots["/models"]);

        // The two `dotnet publish` of the silo image's build stage, into the folders its runtime stage copies them to.
        var silo = DockerfileTests.Parse("silo");
        foreach (var publish in silo.Stage("build").All("RUN").SelectMany(DockerfileTests.DotnetCommands).Where(c => c.Verb == "publish"))
        {
            var copy = silo.Final.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build" && c.Operands[0] == publish.Output);
            Publish(publish.Project, Map(copy.Operands[^1], roots));
        }

        // The init container / compose job: `cohortgrid sample models --out /models` (the image's wrapper runs the CLI dll).
        var models = Prerequisite.Run(DotnetHost.Path(), [Map("/app/cli/cohortgrid.dll", roots), "sample", "models", "--out", roots["/models"]]);
        Assert.True(File.Exists(Path.Combine(roots["/models"], "tiny-cnn-encoder.card.json")), models);

        var ports = LoopbackPorts.Free(4);
        var key = $"test-{Guid.NewGuid():N}";
        var siloExtra = new Dictionary<string, string>
        {
            // In a container these are free; on this shared machine they are not.
            ["Silo__SiloPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["COHORTGRID_API_KEY"] = key,
        };
        await using var host = StartImage(silo, roots, ports[0], siloExtra, out var siloHealth);
        await host.WaitForOkAsync(siloHealth, StartTimeout, cancellationToken);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var body = JsonDocument.Parse(await http.GetStringAsync(siloHealth, cancellationToken)).RootElement;
        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.Equal("cpu,gpu", body.GetProperty("role").GetString());

        // The dashboard image: --role api, an Orleans client of the silo through its gateway.
        var dashboardExtra = new Dictionary<string, string>
        {
            ["Silo__GatewayPort"] = siloExtra["Silo__GatewayPort"],
            ["COHORTGRID_API_KEY"] = key,
        };
        await using var dashboard = StartImage(DockerfileTests.Parse("dashboard"), roots, ports[3], dashboardExtra, out var dashboardHealth);
        await dashboard.WaitForOkAsync(dashboardHealth, StartTimeout, cancellationToken);
        var api = JsonDocument.Parse(await http.GetStringAsync(dashboardHealth, cancellationToken)).RootElement;
        Assert.Equal("api", api.GetProperty("role").GetString());
        Assert.Equal(1, api.GetProperty("silos").GetInt32());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(dashboardHealth, "/api/cluster"));
        request.Headers.Authorization = new("Bearer", key);
        using var cluster = await http.SendAsync(request, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, cluster.StatusCode);
    }

    /// <summary>
    /// Starts the final stage of <paramref name="dockerfile"/> as a process: ENTRYPOINT + CMD, WORKDIR, ENV (paths
    /// mapped; COHORTGRID_URLS moved to 127.0.0.1:<paramref name="port"/>), plus <paramref name="extra"/> as
    /// <c>docker run -e</c> would add. <paramref name="health"/> is the HEALTHCHECK URL on the mapped port.
    /// </summary>
    private static ChildProcess StartImage(Dockerfile dockerfile, IReadOnlyDictionary<string, string> roots, int port, IReadOnlyDictionary<string, string> extra, out Uri health)
    {
        var final = dockerfile.Final;
        var imageEnvironment = final.Environment;
        var listening = new Uri(imageEnvironment["COHORTGRID_URLS"]);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // The test process's own settings must not leak in; the image sets what it needs.
            ["COHORTGRID_DATA"] = null,
            ["COHORTGRID_URLS"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["DOTNET_URLS"] = null,
            ["COHORTGRID_API_KEY"] = null,
        };
        foreach (var (name, value) in imageEnvironment)
        {
            environment[name] = Map(value, roots);
        }

        environment["COHORTGRID_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in extra)
        {
            Assert.False(imageEnvironment.ContainsKey(name), $"The test overrides {name}, which the image sets.");
            environment[name] = value;
        }

        var command = (final.All("ENTRYPOINT").Last().ExecForm ?? []).Concat(final.All("CMD").LastOrDefault()?.ExecForm ?? []).ToList();
        Assert.Equal("dotnet", command[0]);
        var arguments = command.Skip(1).Select(a => Map(a, roots)).ToList();
        Assert.True(File.Exists(arguments[0]), $"{arguments[0]} was not published.");
        var workingDirectory = Map(final.All("WORKDIR").Last().Arguments, roots);

        var check = DockerfileTests.HealthCheckUrl(final.All("HEALTHCHECK").Single());
        Assert.Equal(listening.Port, check.Port);
        health = new UriBuilder(check) { Host = "127.0.0.1", Port = port }.Uri;
        return ChildProcess.Start(DotnetHost.Path(), arguments, environment, workingDirectory);
    }

    /// <summary>An image path under one of the mapped roots, as a path on this machine; anything else unchanged.</summary>
    private static string Map(string value, IReadOnlyDictionary<string, string> roots)
    {
        foreach (var (root, local) in roots.OrderByDescending(r => r.Key.Length))
        {
            if (value == root || value.StartsWith(root + "/", StringComparison.Ordinal))
            {
                return local + value[root.Length..];
            }
        }

        return value;
    }

    private static void Publish(string project, string output)
    {
        var watch = Stopwatch.StartNew();
        Prerequisite.Run(DotnetHost.Path(), ["publish", Repo.PathOf(project), "-c", "Release", "--no-build", "-p:UseAppHost=false", "-o", output, "-nologo", "-v:q"]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"dotnet publish --no-build of {project} took {watch.Elapsed.TotalSeconds:0} s.");
        Assert.True(File.Exists(Path.Combine(output, Projects.AssemblyName(Repo.PathOf(project)) + ".dll")));
    }
}
