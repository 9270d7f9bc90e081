using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CohortGrid.Deployment.Tests.Kustomize;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests;

/// <summary>docker/docker-compose.yml (and its GPU override) read with YamlDotNet, merge keys resolved as Compose does.</summary>
public sealed partial class ComposeTests
{
    private static readonly Lazy<YamlMappingNode> Compose = new(() => Load("docker-compose.yml"));

    private static YamlNode Services => Compose.Value.Get("services")!;

    [Fact]
    public void Has_redis_azurite_the_models_job_one_cpu_silo_two_gpu_silos_and_the_dashboard()
    {
        Assert.Equal(
            ["azurite", "dashboard", "models", "redis", "silo-cpu", "silo-gpu-1", "silo-gpu-2"],
            ((YamlMappingNode)Services).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
    }

    [Fact]
    public void Builds_use_the_repository_root_as_context_and_dockerfiles_that_exist()
    {
        foreach (var (name, service) in ServiceList())
        {
            if (service.Get("build") is not { } build)
            {
                continue;
            }

            var context = Path.GetFullPath(Path.Combine(Repo.Docker, build.Text("context")!));
            Assert.Equal(Path.GetFullPath(Repo.Root).TrimEnd('/'), context.TrimEnd('/'));
            var dockerfile = build.Text("dockerfile")!;
            Assert.True(File.Exists(Path.Combine(context, dockerfile)), $"{name}: {dockerfile} does not exist.");
            var image = Path.GetFileName(dockerfile)["Dockerfile.".Length..];
            Assert.Equal($"cohortgrid/{image}:dev", service.Text("image"));
        }
    }

    [Fact]
    public void Cohortgrid_commands_use_flags_the_host_knows_and_the_role_of_the_service()
    {
        var roles = new Dictionary<string, string> { ["silo-cpu"] = "cpu", ["silo-gpu-1"] = "gpu", ["silo-gpu-2"] = "gpu", ["dashboard"] = "api" };
        foreach (var (name, role) in roles)
        {
            var command = Words(Service(name).Get("command"));
            Assert.All(command.Where(a => a.StartsWith("--", StringComparison.Ordinal)), a => Assert.True(AppConfiguration.IsKnownFlag(a), $"{name}: unknown flag {a}."));
            Assert.Equal(role, command.SkipWhile(a => a != "--role").Skip(1).First());
            Assert.Null(Service(name).Get("entrypoint"));
        }

        // Distinct node names: slide affinity hashes them.
        var nodes = roles.Keys.Where(n => n.StartsWith("silo", StringComparison.Ordinal)).Select(n => Words(Service(n).Get("command")).SkipWhile(a => a != "--node").Skip(1).First()).ToList();
        Assert.Equal(nodes.Count, nodes.Distinct().Count());
    }

    [Fact]
    public void The_models_job_runs_the_cli_of_the_silo_image_into_the_volume_the_silos_mount()
    {
        var models = Service("models");
        Assert.Equal("cohortgrid/silo:dev", models.Text("image"));
        Assert.Equal(["cohortgrid"], Words(models.Get("entrypoint")));
        var command = Words(models.Get("command"));
        Assert.Equal(["sample", "models", "--out"], command.Take(3));
        var volume = Words(models.Get("volumes")).Single();
        Assert.Equal($"models:{command[3]}", volume);
        foreach (var (name, service) in ServiceList().Where(s => s.Name.StartsWith("silo", StringComparison.Ordinal) || s.Name == "dashboard"))
        {
            Assert.Contains($"models:{Environment(service)["CohortGrid__ModelsDirectory"]}:ro", Words(service.Get("volumes")));
            if (name != "dashboard")
            {
                Assert.Equal("service_completed_successfully", service.Text("depends_on", "models", "condition"));
            }
        }
    }

    [Fact]
    public void Every_environment_variable_is_one_the_host_reads_and_the_whole_environment_binds()
    {
        foreach (var (name, service) in ServiceList().Where(s => s.Name.StartsWith("silo", StringComparison.Ordinal) || s.Name == "dashboard"))
        {
            var environment = Environment(service);
            foreach (var variable in environment.Keys)
            {
                Assert.Null(AppConfiguration.Unknown(variable));
            }

            var configuration = AppConfiguration.BindEnvironment(environment);
            Assert.Equal("redis:6379", configuration["Cluster:Redis"]);
            Assert.Matches("BlobEndpoint=http://azurite:10000/devstoreaccount1;", configuration["Storage:ConnectionString"]!);
            Assert.False(string.IsNullOrEmpty(environment["COHORTGRID_API_KEY"]), $"{name}: no API key.");
        }

        Assert.Contains("6379", Words(Service("redis").Get("healthcheck")?.Get("test")).Concat(["6379"]));
        Assert.Contains("10000", Words(Service("azurite").Get("command")));
    }

    [Fact]
    public void Silos_advertise_the_fixed_address_they_have_on_the_cluster_network()
    {
        var ipam = Compose.Value.At("networks", "cohortgrid", "ipam", "config").Items().Single();
        var subnet = IPNetwork.Parse(ipam.Text("subnet")!);
        var dynamic = IPNetwork.Parse(ipam.Text("ip_range")!);
        var addresses = new List<IPAddress>();
        foreach (var (name, service) in ServiceList().Where(s => s.Name.StartsWith("silo", StringComparison.Ordinal)))
        {
            var address = IPAddress.Parse(service.Text("networks", "cohortgrid", "ipv4_address")!);
            Assert.Equal(address.ToString(), Environment(service)["POD_IP"]);
            Assert.True(subnet.Contains(address), $"{name}: {address} is outside {subnet}.");
            Assert.False(dynamic.Contains(address), $"{name}: {address} is in the range Docker hands out to other containers ({dynamic}).");
            addresses.Add(address);
        }

        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void The_dashboard_is_published_on_5080_and_waits_for_a_healthy_silo()
    {
        var dashboard = Service("dashboard");
        var published = Words(dashboard.Get("ports")).Single();
        var match = PortMapping().Match(published);
        Assert.True(match.Success, published);
        Assert.Equal("5080", match.Groups["host"].Value);
        var listening = new Uri(DockerfileTests.Parse("dashboard").Final.Environment["COHORTGRID_URLS"]);
        Assert.Equal(listening.Port.ToString(CultureInfo.InvariantCulture), match.Groups["container"].Value);
        Assert.Equal("service_healthy", dashboard.Text("depends_on", "silo-cpu", "condition"));
        Assert.NotEmpty(DockerfileTests.Parse("silo").Final.All("HEALTHCHECK"));
    }

    [Fact]
    public void Silos_get_a_stop_grace_period_longer_than_their_shutdown_timeout()
    {
        foreach (var (name, service) in ServiceList().Where(s => s.Name.StartsWith("silo", StringComparison.Ordinal)))
        {
            var shutdown = TimeSpan.Parse(Environment(service)["Silo__ShutdownTimeout"], CultureInfo.InvariantCulture);
            var grace = TimeSpan.FromSeconds(int.Parse(service.Text("stop_grace_period")!.TrimEnd('s'), CultureInfo.InvariantCulture));
            Assert.True(grace > shutdown, $"{name}: stopped after {grace.TotalSeconds} s, drains for up to {shutdown.TotalSeconds} s.");
        }
    }

    [Fact]
    public void References_between_services_volumes_and_networks_resolve()
    {
        var volumes = ((YamlMappingNode?)Compose.Value.Get("volumes"))?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet() ?? [];
        var networks = ((YamlMappingNode?)Compose.Value.Get("networks"))?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet() ?? [];
        var services = ServiceList().Select(s => s.Name).ToHashSet();
        foreach (var (name, service) in ServiceList())
        {
            if (service.Get("depends_on") is YamlMappingNode dependencies)
            {
                Assert.All(dependencies.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value!, services));
            }

            foreach (var volume in Words(service.Get("volumes")))
            {
                var source = volume.Split(':')[0];
                Assert.True(source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('$') || volumes.Contains(source), $"{name}: volume {source} is not declared.");
            }

            var attached = service.Get("networks") is YamlMappingNode map ? map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!) : Words(service.Get("networks"));
            Assert.All(attached, n => Assert.Contains(n, networks));
            Assert.NotEmpty(attached);
        }
    }

    [Fact]
    public void The_gpu_override_puts_the_gpu_silos_on_the_cuda_image_with_one_gpu_each()
    {
        var overrides = Load("docker-compose.gpu.yml");
        var services = (YamlMappingNode)overrides.Get("services")!;
        Assert.Equal(["silo-gpu-1", "silo-gpu-2"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        foreach (var (key, service) in services.Children)
        {
            Assert.NotNull(Service(((YamlScalarNode)key).Value!));
            Assert.Equal("docker/Dockerfile.silo-gpu", service.Text("build", "dockerfile"));
            Assert.Equal("cohortgrid/silo-gpu:dev", service.Text("image"));
            var device = service.At("deploy", "resources", "reservations", "devices").Items().Single();
            Assert.Equal("nvidia", device.Text("driver"));
            Assert.Equal(["gpu"], Words(device.Get("capabilities")));
            Assert.Single(Words(device.Get("device_ids")));
            Assert.Null(AppConfiguration.Unknown(((YamlScalarNode)((YamlMappingNode)service.Get("environment")!).Children.Keys.Single()).Value!));
        }
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repo.Docker, file)));
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode Service(string name) => Services.Get(name) ?? throw new InvalidOperationException($"No service {name}.");

    private static IEnumerable<(string Name, YamlNode Service)> ServiceList() =>
        ((YamlMappingNode)Services).Children.Select(p => (((YamlScalarNode)p.Key).Value!, p.Value));

    private static List<string> Words(YamlNode? node) => node switch
    {
        YamlSequenceNode q => [.. q.Children.Select(c => ((YamlScalarNode)c).Value!)],
        YamlScalarNode s when !YamlTree.IsNull(s) => [s.Value!],
        _ => [],
    };

    /// <summary>
    /// A service's environment as the container gets it: the image's ENV (from its Dockerfile here), then the service's
    /// own variables, <c>${VAR:-default}</c> taking its default.
    /// </summary>
    private static Dictionary<string, string> Environment(YamlNode service)
    {
        var image = service.Text("image")!.Split(':')[0].Split('/')[^1];
        var environment = new Dictionary<string, string>(DockerfileTests.Parse(image).Final.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in ((YamlMappingNode)service.Get("environment")!).Children)
        {
            environment[((YamlScalarNode)key).Value!] = Interpolation().Replace(((YamlScalarNode)value).Value ?? "", m => m.Groups["default"].Value);
        }

        return environment;
    }

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^(?:(?<ip>[0-9.]+):)?(?<host>\d+):(?<container>\d+)$")]
    private static partial Regex PortMapping();
}
