using System.Diagnostics;
using CohortGrid.Deployment.Tests.Kustomize;
using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests;

/// <summary>The test renderer itself: what it supports, what it refuses, and that it agrees with kubectl's kustomize.</summary>
public sealed class KustomizeRendererTests
{
    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Renders_each_overlay_with_namespace_labels_and_images(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        Assert.NotEmpty(rendered.Objects);
        foreach (var o in rendered.Objects)
        {
            Assert.True(o.Kind == "Namespace" || o.Namespace == "cohortgrid", $"{overlay}: {o.Id} is in namespace '{o.Namespace}'.");
            Assert.Equal("cohortgrid", o.Node.Text("metadata", "labels", "app.kubernetes.io/part-of"));
            Assert.Equal($"cohortgrid-{overlay}", o.Node.Text("metadata", "labels", "app.kubernetes.io/instance"));
        }

        var images = rendered.Deployments.SelectMany(d => d.Spec.Template.Spec.AllContainers()).Select(c => c.Container.Image).Where(i => i.Contains("cohortgrid/", StringComparison.Ordinal)).ToList();
        Assert.All(images, i => Assert.NotNull(KustomizeRenderer.ParseImage(i).Tag));
        Assert.All(images, i => Assert.EndsWith(overlay == "dev" ? ":dev" : ":0.1.0", i, StringComparison.Ordinal));
    }

    [Fact]
    public void Strategic_merge_merges_named_lists_deletes_nulls_and_replaces_other_lists()
    {
        var target = Mapping("""
            spec:
              containers:
                - name: a
                  image: x
                  env: [{name: A, value: "1"}]
                  args: ["--role", "cpu"]
              volumes:
                - name: models
                  persistentVolumeClaim: {claimName: m}
            """);
        var patch = Mapping("""
            spec:
              containers:
                - name: a
                  env: [{name: B, value: "2"}]
                  args: ["--role", "gpu"]
                - name: b
                  image: y
              volumes:
                - name: models
                  persistentVolumeClaim: null
                  emptyDir: {}
            """);
        StrategicMerge.Apply(target, patch, builtIn: true);

        var containers = target.At("spec", "containers").Items().ToList();
        Assert.Equal(["a", "b"], containers.Select(c => c.Text("name")));
        Assert.Equal(["A", "B"], containers[0].Get("env").Items().Select(e => e.Text("name")));
        Assert.Equal(["--role", "gpu"], containers[0].Get("args").Items().Select(a => ((YamlScalarNode)a).Value));
        var models = target.At("spec", "volumes").Items().Single();
        Assert.Null(models.Get("persistentVolumeClaim"));
        Assert.NotNull(models.Get("emptyDir"));
    }

    [Fact]
    public void Custom_resources_lists_are_replaced_not_merged()
    {
        var target = Mapping("spec: {triggers: [{type: cpu}, {type: prometheus}]}");
        StrategicMerge.Apply(target, Mapping("spec: {triggers: [{type: prometheus}]}"), builtIn: false);
        Assert.Single(target.At("spec", "triggers").Items());
    }

    [Fact]
    public void Refuses_what_it_does_not_implement()
    {
        using var temp = new CohortGrid.Testing.TempDirectory("kustomize");
        File.WriteAllText(temp.File("kustomization.yaml"), "resources: []\nconfigMapGenerator:\n  - name: x\n");
        var error = Assert.Throws<NotSupportedException>(() => KustomizeRenderer.Render(temp.Path));
        Assert.Contains("configMapGenerator", error.Message, StringComparison.Ordinal);

        File.WriteAllText(temp.File("kustomization.yaml"), "resources: [cm.yaml]\npatches:\n  - path: p.yaml\n");
        File.WriteAllText(temp.File("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n");
        File.WriteAllText(temp.File("p.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: '2'}\n");
        Assert.Throws<InvalidDataException>(() => KustomizeRenderer.Render(temp.Path));
    }

    [Theory]
    [InlineData("cohortgrid/silo", "cohortgrid/silo", null, null)]
    [InlineData("cohortgrid/silo:dev", "cohortgrid/silo", "dev", null)]
    [InlineData("registry:5000/cohortgrid/silo", "registry:5000/cohortgrid/silo", null, null)]
    [InlineData("registry:5000/cohortgrid/silo:1.0@sha256:ab", "registry:5000/cohortgrid/silo", "1.0", "sha256:ab")]
    public void Parses_image_references(string image, string name, string? tag, string? digest) =>
        Assert.Equal((name, tag, digest), KustomizeRenderer.ParseImage(image));

    /// <summary>
    /// Where <c>kubectl</c> (with its built-in kustomize) is installed, both renderings must be the same objects with the
    /// same content (list order of merged lists and scalar quoting aside). Not a prerequisite: Debian has no kustomize,
    /// so the typed checks rely on the test renderer, and this comparison runs wherever kubectl happens to exist.
    /// </summary>
    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public async Task Agrees_with_kubectl_kustomize_where_kubectl_exists(string overlay)
    {
        var kubectl = FindOnPath("kubectl");
        if (kubectl is null)
        {
            Assert.Skip("kubectl is not installed: the comparison with kustomize proper is skipped (the renderer's own checks still run).");
        }

        var start = new ProcessStartInfo(kubectl, ["kustomize", Repo.Overlay(overlay)]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0 && stderr.Contains("unknown command", StringComparison.Ordinal))
        {
            Assert.Skip($"This kubectl has no kustomize: {stderr}");
        }

        Assert.True(process.ExitCode == 0, $"kubectl kustomize failed: {stderr}");
        var expected = YamlTree.LoadAll(await stdout, "kubectl kustomize").Cast<YamlMappingNode>().ToDictionary(Key, n => Normalize(YamlTree.ToPlain(n)));
        var actual = RenderedOverlay.Of(overlay).Objects.ToDictionary(o => Key(o.Node), o => Normalize(YamlTree.ToPlain(o.Node)));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
        {
            var expectedText = YamlTree.Write(ToYaml(value));
            var actualText = YamlTree.Write(ToYaml(actual[key]));
            Assert.True(expectedText == actualText, $"{overlay}: {key} differs.\n--- kubectl kustomize\n{expectedText}\n--- test renderer\n{actualText}");
        }
    }

    private static string Key(YamlMappingNode n) => $"{n.Text("apiVersion")} {n.Text("kind")} {n.Text("metadata", "namespace")}/{n.Text("metadata", "name")}";

    // Lists of named items (containers, env, volumes, ports, ...) in a canonical order; kustomize orders merged items its own way.
    private static object? Normalize(object? value) => value switch
    {
        SortedDictionary<string, object?> map => new SortedDictionary<string, object?>(map.ToDictionary(p => p.Key, p => Normalize(p.Value)), StringComparer.Ordinal),
        List<object?> list when list.All(i => i is SortedDictionary<string, object?> m && SortKey(m) is not null) =>
            list.Select(Normalize).OrderBy(i => SortKey((SortedDictionary<string, object?>)i!), StringComparer.Ordinal).ToList(),
        List<object?> list => list.Select(Normalize).ToList(),
        _ => value,
    };

    private static string? SortKey(SortedDictionary<string, object?> item) =>
        new[] { "name", "mountPath", "containerPort", "port" }.Select(k => item.GetValueOrDefault(k) as string).FirstOrDefault(v => v is not null);

    private static YamlNode ToYaml(object? value) => value switch
    {
        null => new YamlScalarNode("null"),
        string s => new YamlScalarNode(s) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted },
        SortedDictionary<string, object?> map => new YamlMappingNode(map.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        List<object?> list => new YamlSequenceNode(list.Select(ToYaml)),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static YamlMappingNode Mapping(string yaml) => (YamlMappingNode)YamlTree.LoadAll(yaml, "test").Single();

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
