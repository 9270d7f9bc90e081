using CohortGrid.Deployment.Tests.Docker;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// The Dockerfiles in docker/, checked without a Docker engine: what they copy exists in the build context and is
/// not ignored, the restore layer holds every project file the build needs, the entrypoint runs the host that was
/// published, and the runtime image is the one Kubernetes and compose expect (user, port, health check, packages).
/// </summary>
public sealed class DockerfileTests
{
    private const string SiloProject = "src/CohortGrid.Silo/CohortGrid.Silo.csproj";
    private const string CliProject = "src/CohortGrid.Cli/CohortGrid.Cli.csproj";

    public static TheoryData<string> Images => ["silo", "silo-gpu", "dashboard"];

    [Theory]
    [MemberData(nameof(Images))]
    public void Copy_sources_exist_in_the_build_context_and_are_not_dockerignored(string image)
    {
        var dockerfile = Parse(image);
        var ignore = new DockerIgnore(Repo.PathOf(".dockerignore"));
        var copies = dockerfile.Stages.SelectMany(s => s.All("COPY").Concat(s.All("ADD"))).Where(c => !c.Flags.ContainsKey("from")).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            Assert.Equal("COPY", copy.Keyword);
            foreach (var source in copy.Operands.SkipLast(1))
            {
                var path = Repo.PathOf(source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{image}: {copy} copies {source}, which is not in the repository.");
                Assert.Null(ignore.ExcludedBy(source));
            }
        }

        // Build outputs of this machine must never reach an image build (obj/ holds this machine's restore).
        Assert.NotNull(ignore.ExcludedBy("src/CohortGrid.Silo/obj/project.assets.json"));
        Assert.NotNull(ignore.ExcludedBy("src/CohortGrid.Silo/bin/Release/net10.0/cohortgrid-silo.dll"));
        Assert.Null(ignore.ExcludedBy("src/CohortGrid.Silo/Program.cs"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_restore_layer_holds_every_project_file_the_published_projects_need(string image)
    {
        var dockerfile = Parse(image);
        var build = dockerfile.Stage("build");
        var restoreIndex = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && DotnetCommands(i).Any(c => c.Verb == "restore"));
        Assert.True(restoreIndex > 0, $"{image}: no RUN dotnet restore.");
        var beforeRestore = build.Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY").SelectMany(c => c.Operands.SkipLast(1).Select(s => (Source: s, Destination: c.Operands[^1]))).ToList();
        var afterRestore = build.Instructions.Skip(restoreIndex + 1).ToList();

        // Only project and build property files before the restore: a source edit must not invalidate it.
        Assert.All(beforeRestore, c => Assert.True(File.Exists(Repo.PathOf(c.Source)), $"{image}: {c.Source} is copied before the restore but is a folder (source changes would redo the restore)."));
        foreach (var copied in beforeRestore.Where(c => c.Source.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            Assert.Equal(Path.GetDirectoryName(copied.Source)!.Replace('\\', '/') + "/", copied.Destination);
        }

        var copiedFiles = beforeRestore.Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains(props, copiedFiles);
        }

        var restores = DotnetCommands(build.Instructions[restoreIndex]).Where(c => c.Verb == "restore").ToList();
        var publishes = afterRestore.Where(i => i.Keyword == "RUN").SelectMany(DotnetCommands).Where(c => c.Verb == "publish").ToList();
        Assert.NotEmpty(publishes);
        foreach (var publish in publishes)
        {
            Assert.True(File.Exists(Repo.PathOf(publish.Project)), $"{image}: publishes {publish.Project}, which does not exist.");
            Assert.Contains("--no-restore", publish.Options);
            Assert.Contains(restores, r => r.Project == publish.Project);
            foreach (var project in Projects.Closure(publish.Project))
            {
                Assert.True(copiedFiles.Contains(project), $"{image}: {publish.Project} needs {project}, which is not copied before the restore.");
            }

            // What decides the restored assets (target architecture, ONNX Runtime flavour) is the same for restore and
            // publish, or publish --no-restore fails (or ships the wrong native libraries).
            var restore = restores.Single(r => r.Project == publish.Project);
            Assert.Equal(AssetOptions(publish.Options), AssetOptions(restore.Options));
            Assert.Contains("--no-self-contained", publish.Options);
            Assert.Equal("$TARGETARCH", publish.Options[publish.Options.ToList().IndexOf("-a") + 1]);
            Assert.Contains(build.All("ARG"), a => a.Arguments == "TARGETARCH");
        }

        var sources = afterRestore.FirstOrDefault(i => i.Keyword == "COPY" && i.Operands[0] == "src/");
        Assert.True(sources is not null, $"{image}: the sources (COPY src/ src/) are not copied after the restore.");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_entrypoint_runs_the_published_host_in_exec_form(string image)
    {
        var dockerfile = Parse(image);
        var final = dockerfile.Final;
        var entrypoint = final.All("ENTRYPOINT").Last().ExecForm;
        Assert.True(entrypoint is not null, $"{image}: ENTRYPOINT must be in exec form so SIGTERM reaches the host (it drains on SIGTERM).");
        Assert.Equal("dotnet", entrypoint[0]);
        var dll = entrypoint[1];
        Assert.Equal(Projects.AssemblyName(Repo.PathOf(SiloProject)) + ".dll", Path.GetFileName(dll));
        Assert.All(final.All("CMD"), c => Assert.NotNull(c.ExecForm));

        // The folder the entrypoint runs from is what the build stage published the host into.
        var copy = final.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build" && c.Operands[^1].TrimEnd('/') == Path.GetDirectoryName(dll));
        var publish = dockerfile.Stage("build").All("RUN").SelectMany(DotnetCommands).Single(c => c.Verb == "publish" && c.Project == SiloProject);
        Assert.Equal(publish.Output, copy.Operands[0]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_runs_as_a_numeric_non_root_user(string image)
    {
        var user = Parse(image).Final.All("USER").LastOrDefault();
        Assert.True(user is not null, $"{image}: no USER: the image would run as root.");
        var uid = user.Arguments.Split(':')[0];
        Assert.True(int.TryParse(uid, out var id) && id > 0, $"{image}: USER {user.Arguments} is not a numeric non-root user (Kubernetes can only verify runAsNonRoot for numeric users).");

        // The pods that run the image run as that user (their readOnlyRootFilesystem volumes are owned by it through fsGroup).
        var pods = RenderedOverlay.Of("dev").CohortGridDeployments.Where(d => d.Spec.Template.Spec.Containers[0].Image.Contains($"cohortgrid/{image}:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pods);
        Assert.All(pods, d => Assert.Equal(id, d.Spec.Template.Spec.SecurityContext.RunAsUser));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_health_check_asks_health_on_the_port_the_host_listens_on(string image)
    {
        var final = Parse(image).Final;
        var environment = final.Environment;
        var listening = new Uri(environment["COHORTGRID_URLS"]);
        Assert.Equal("0.0.0.0", listening.Host);
        Assert.Equal("", environment["ASPNETCORE_HTTP_PORTS"]);
        var check = final.All("HEALTHCHECK").Single();
        var url = HealthCheckUrl(check);
        Assert.Equal("/health", url.AbsolutePath);
        Assert.Equal(listening.Port, url.Port);
        Assert.Contains(listening.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), final.All("EXPOSE").SelectMany(e => e.Words));
        Assert.Contains("curl", string.Join(' ', final.All("RUN").Select(r => r.Arguments)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_runtime_image_is_ubuntu_with_libopenslide0_and_the_data_and_models_folders(string image)
    {
        var dockerfile = Parse(image);
        var final = dockerfile.Final;

        // The slide engine binds libopenslide.so.0: Ubuntu 22.04/24.04 package it as libopenslide0 (Debian 13 moved to libopenslide1).
        Assert.Matches(@"(-noble$|ubuntu2[24]\.04$)", final.BaseImage);
        var installs = string.Join(' ', final.All("RUN").Select(r => r.Arguments));
        Assert.Contains("apt-get install", installs, StringComparison.Ordinal);
        Assert.Contains("libopenslide0", installs, StringComparison.Ordinal);
        Assert.Contains("rm -rf /var/lib/apt/lists/*", installs, StringComparison.Ordinal);

        var environment = final.Environment;
        Assert.Equal("/data", environment["COHORTGRID_DATA"]);
        Assert.Equal("/models", environment["CohortGrid__ModelsDirectory"]);
        Assert.Contains("chown 1654:1654 /data /models", installs, StringComparison.Ordinal);
        foreach (var name in environment.Keys)
        {
            Assert.Null(AppConfiguration.Unknown(name));
        }
    }

    [Fact]
    public void The_gpu_image_builds_the_gpu_onnx_runtime_on_cuda_and_cudnn_with_the_dotnet_runtime_copied_in()
    {
        var dockerfile = Parse("silo-gpu");
        Assert.StartsWith("nvidia/cuda:", dockerfile.Final.BaseImage, StringComparison.Ordinal);
        Assert.Contains("-cudnn-runtime-ubuntu", dockerfile.Final.BaseImage, StringComparison.Ordinal);
        var build = dockerfile.Stage("build");
        var commands = build.All("RUN").SelectMany(DotnetCommands).ToList();
        Assert.All(commands, c => Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", c.Options));
        Assert.Contains(commands, c => c.Verb == "restore");
        Assert.Contains(commands, c => c.Verb == "publish");

        // The runtime comes from the official ASP.NET image (the CUDA image has none).
        var dotnet = dockerfile.Stage("dotnet");
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", dotnet.BaseImage, StringComparison.Ordinal);
        Assert.Contains(dockerfile.Final.All("COPY"), c => c.Flags.GetValueOrDefault("from") == "dotnet" && c.Operands[0] == "/usr/share/dotnet");
        Assert.Contains("ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet", string.Join(' ', dockerfile.Final.All("RUN").Select(r => r.Arguments)), StringComparison.Ordinal);
        Assert.Equal("Cuda", dockerfile.Final.Environment["CohortGrid__ExecutionProvider"]);

        // The flavour switch the image relies on exists in the Inference project.
        Assert.Contains("'$(OnnxRuntimeFlavor)' == 'Gpu'", File.ReadAllText(Repo.PathOf("src/CohortGrid.Inference/CohortGrid.Inference.csproj")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo", null)]
    [InlineData("silo-gpu", "gpu")]
    [InlineData("dashboard", "api")]
    public void The_default_command_starts_the_role_of_the_image_with_known_flags(string image, string? role)
    {
        var final = Parse(image).Final;
        var arguments = (final.All("ENTRYPOINT").Last().ExecForm ?? []).Skip(2).Concat(final.All("CMD").LastOrDefault()?.ExecForm ?? []).ToList();
        Assert.All(arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)), a => Assert.True(AppConfiguration.IsKnownFlag(a), $"{image}: unknown flag {a}."));
        Assert.Equal(role, arguments.SkipWhile(a => a != "--role").Skip(1).FirstOrDefault());
    }

    [Fact]
    public void The_silo_image_provides_the_cohortgrid_cli_that_init_containers_and_compose_run()
    {
        var dockerfile = Parse("silo");
        var cliDll = Projects.AssemblyName(Repo.PathOf(CliProject)) + ".dll";
        var publish = dockerfile.Stage("build").All("RUN").SelectMany(DotnetCommands).Single(c => c.Verb == "publish" && c.Project == CliProject);
        var copy = dockerfile.Final.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build" && c.Operands[0] == publish.Output);
        var wrapper = string.Join(' ', dockerfile.Final.All("RUN").Select(r => r.Arguments));
        Assert.Contains("> /usr/local/bin/cohortgrid", wrapper, StringComparison.Ordinal);
        Assert.Contains($"exec dotnet {copy.Operands[^1]}/{cliDll}", wrapper, StringComparison.Ordinal);
        Assert.Contains("chmod 755 /usr/local/bin/cohortgrid", wrapper, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_image_the_manifests_and_compose_use_is_built_by_a_dockerfile_here()
    {
        var images = new[] { "dev", "prod" }.SelectMany(o => RenderedOverlay.Of(o).CohortGridDeployments)
            .SelectMany(d => d.Spec.Template.Spec.AllContainers())
            .Select(c => Kustomize.KustomizeRenderer.ParseImage(c.Container.Image).Name.Split('/')[^1])
            .Distinct();
        foreach (var image in images)
        {
            Assert.True(File.Exists(Path.Combine(Repo.Docker, $"Dockerfile.{image}")), $"No docker/Dockerfile.{image} builds the image {image}.");
        }
    }

    /// <summary>The options of a dotnet command that change what restore resolves: -a/-r and the ONNX Runtime flavour.</summary>
    private static List<string> AssetOptions(IReadOnlyList<string> options)
    {
        var selected = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i] is "-a" or "--arch" or "-r" or "--runtime" && i + 1 < options.Count)
            {
                selected.Add($"{options[i]} {options[++i]}");
            }
            else if (options[i].StartsWith("-p:OnnxRuntimeFlavor", StringComparison.Ordinal))
            {
                selected.Add(options[i]);
            }
        }

        return selected;
    }

    /// <summary>The URL a HEALTHCHECK's command asks.</summary>
    public static Uri HealthCheckUrl(DockerInstruction check)
    {
        var words = check.Operands;
        Assert.Equal("CMD", words[0]);
        return new Uri(Assert.Single(words, w => w.StartsWith("http://", StringComparison.Ordinal)));
    }

    public static Dockerfile Parse(string image) => Dockerfile.Parse(Path.Combine(Repo.Docker, $"Dockerfile.{image}"));

    /// <summary>The <c>dotnet restore|publish</c> commands of a RUN, with their options and -o folder.</summary>
    public static IEnumerable<DotnetCommand> DotnetCommands(DockerInstruction run)
    {
        foreach (var command in run.Arguments.Split(["&&", ";"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = Dockerfile.SplitWords(command);
            if (words.Count >= 3 && words[0] == "dotnet" && words[1] is "restore" or "publish" or "build")
            {
                var options = words.Skip(3).ToList();
                var output = options.IndexOf("-o") is var o and >= 0 && o + 1 < options.Count ? options[o + 1] : null;
                yield return new DotnetCommand(words[1], words[2], options, output);
            }
        }
    }

    public sealed record DotnetCommand(string Verb, string Project, IReadOnlyList<string> Options, string? Output);
}
