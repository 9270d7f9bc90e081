using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests.Kustomize;

/// <summary>
/// A small kustomize (<c>kustomize build</c>) for the features k8s/ uses, and only those: <c>resources</c> (files and
/// kustomization folders), strategic merge <c>patches</c> by file (matched on kind and name), <c>namespace</c>,
/// <c>labels</c> (metadata labels only: includeSelectors/includeTemplates false) and <c>images</c> (newName,
/// newTag, digest). Any other field of a kustomization is refused, so a manifest using a feature this renderer does
/// not implement fails the tests instead of being rendered wrongly. No kustomize binary can be installed here (none
/// in Debian); where <c>kubectl kustomize</c> exists the tests compare the two renderings.
/// </summary>
public static class KustomizeRenderer
{
    private static readonly HashSet<string> SupportedFields = ["apiVersion", "kind", "namespace", "labels", "resources", "patches", "images"];

    /// <summary>Kinds without a namespace among those a kustomization here could hold.</summary>
    private static readonly HashSet<string> ClusterScopedKinds =
        ["Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "IngressClass", "PriorityClass", "RuntimeClass"];

    /// <summary>Renders the kustomization in <paramref name="directory"/> (a folder holding kustomization.yaml).</summary>
    public static IReadOnlyList<KubeObject> Render(string directory)
    {
        var file = KustomizationFile(directory);
        var kustomization = YamlTree.LoadMappings(file).Single();
        foreach (var (key, _) in kustomization.Children)
        {
            var field = ((YamlScalarNode)key).Value!;
            if (!SupportedFields.Contains(field))
            {
                throw new NotSupportedException($"{file}: '{field}' is not supported by the test renderer (supported: {string.Join(", ", SupportedFields)}).");
            }
        }

        if (kustomization.Text("kind") is { } kind && kind != "Kustomization")
        {
            throw new NotSupportedException($"{file}: kind {kind} (only Kustomization).");
        }

        var objects = new List<KubeObject>();
        foreach (var resource in kustomization.Get("resources").Items().Select(Scalar))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(path))
            {
                objects.AddRange(Render(path));
            }
            else if (File.Exists(path))
            {
                objects.AddRange(YamlTree.LoadMappings(path).Select(n => new KubeObject(n, path)));
            }
            else
            {
                throw new FileNotFoundException($"{file}: resource '{resource}' does not exist.", path);
            }
        }

        var duplicate = objects.GroupBy(o => (o.ApiVersion, o.Kind, o.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{file}: {duplicate.Key.Kind}/{duplicate.Key.Name} is defined more than once ({string.Join(", ", duplicate.Select(d => d.Source))}).");
        }

        foreach (var patch in kustomization.Get("patches").Items())
        {
            ApplyPatchFile(directory, file, patch, objects);
        }

        if (kustomization.Text("namespace") is { } ns)
        {
            foreach (var o in objects.Where(o => !ClusterScopedKinds.Contains(o.Kind)))
            {
                o.Node.MappingAt("metadata").Set("namespace", ns);
            }
        }

        foreach (var entry in kustomization.Get("labels").Items())
        {
            if (entry.Text("includeSelectors") is "true" || entry.Text("includeTemplates") is "true")
            {
                throw new NotSupportedException($"{file}: labels with includeSelectors or includeTemplates are not supported by the test renderer.");
            }

            var pairs = entry.Get("pairs") as YamlMappingNode ?? new YamlMappingNode();
            foreach (var (key, value) in pairs.Children)
            {
                foreach (var o in objects)
                {
                    o.Node.MappingAt("metadata").MappingAt("labels").Set(Scalar(key), Scalar(value));
                }
            }
        }

        foreach (var image in kustomization.Get("images").Items())
        {
            var name = image.Text("name") ?? throw new InvalidDataException($"{file}: an images entry has no name.");
            foreach (var o in objects)
            {
                ReplaceImages(o.Node, name, image.Text("newName"), image.Text("newTag"), image.Text("digest"));
            }
        }

        return objects;
    }

    /// <summary>The kustomization file of a folder (kustomization.yaml, .yml or Kustomization).</summary>
    public static string KustomizationFile(string directory)
    {
        var file = new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
        return file ?? throw new FileNotFoundException($"No kustomization.yaml in {directory}.");
    }

    /// <summary>Splits an image reference into name, tag and digest (a registry port is not a tag).</summary>
    public static (string Name, string? Tag, string? Digest) ParseImage(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..], digest) : (image, null, digest);
    }

    private static void ApplyPatchFile(string directory, string file, YamlNode entry, List<KubeObject> objects)
    {
        if (entry.Get("target") is not null || entry.Get("patch") is not null || entry.Get("options") is not null)
        {
            throw new NotSupportedException($"{file}: only 'patches: - path: <strategic merge patch file>' is supported by the test renderer.");
        }

        var path = Path.GetFullPath(Path.Combine(directory, entry.Text("path") ?? throw new InvalidDataException($"{file}: a patch has no path.")));
        foreach (var patch in YamlTree.LoadMappings(path))
        {
            var probe = new KubeObject(patch, path);
            var targets = objects.Where(o => o.Kind == probe.Kind && o.Name == probe.Name && o.Group == probe.Group).ToList();
            if (targets.Count != 1)
            {
                throw new InvalidDataException($"{path}: the patch of {probe.Id} matches {targets.Count} resources (it must match exactly one).");
            }

            var body = YamlTree.CloneMapping(patch);
            body.Children.Remove(new YamlScalarNode("apiVersion"));
            body.Children.Remove(new YamlScalarNode("kind"));
            if (body.Get("metadata") is YamlMappingNode metadata)
            {
                metadata.Children.Remove(new YamlScalarNode("name"));
                metadata.Children.Remove(new YamlScalarNode("namespace"));
            }

            StrategicMerge.Apply(targets[0].Node, body, targets[0].IsBuiltIn);
        }
    }

    // Every "image" of an item of a containers or initContainers list, wherever it is (pod templates, pods, jobs).
    private static void ReplaceImages(YamlNode node, string name, string? newName, string? newTag, string? digest)
    {
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children.ToList())
            {
                if (Scalar(key) is "containers" or "initContainers" or "ephemeralContainers" && value is YamlSequenceNode containers)
                {
                    foreach (var container in containers.Children.OfType<YamlMappingNode>())
                    {
                        if (container.Text("image") is { } image && ParseImage(image) is var parsed && parsed.Name == name)
                        {
                            var replaced = newName ?? parsed.Name;
                            replaced += digest is not null ? $"@{digest}" : newTag is not null ? $":{newTag}" : parsed.Tag is not null ? $":{parsed.Tag}" : parsed.Digest is not null ? $"@{parsed.Digest}" : "";
                            container.Set("image", replaced);
                        }
                    }
                }

                ReplaceImages(value, name, newName, newTag, digest);
            }
        }
        else if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                ReplaceImages(item, name, newName, newTag, digest);
            }
        }
    }

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value ?? throw new InvalidDataException($"Expected a scalar at {node.Start}.");
}
