using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests.Kustomize;

/// <summary>
/// The part of Kubernetes' strategic merge patch that the overlays use: mappings merge key by key, a null value
/// deletes the key, lists of built-in kinds with a patch merge key (containers, env, volumes, volume mounts,
/// container ports) merge item by item, every other list is replaced (custom resources: every list). Directives
/// (<c>$patch</c>, <c>$setElementOrder</c>, ...) are refused rather than misread.
/// </summary>
public static class StrategicMerge
{
    /// <summary>Merge keys of list fields in the built-in workload kinds (from the Kubernetes API's patchMergeKey tags).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["hostAliases"] = "ip",
    };

    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place.</summary>
    /// <param name="target">The resource, changed in place.</param>
    /// <param name="patch">The patch body (without apiVersion, kind and name).</param>
    /// <param name="builtIn">True for Kubernetes' own kinds, whose schema gives list merge keys; false for custom resources.</param>
    public static void Apply(YamlMappingNode target, YamlMappingNode patch, bool builtIn) => MergeMapping(target, patch, builtIn, "");

    private static void MergeMapping(YamlMappingNode target, YamlMappingNode patch, bool builtIn, string path)
    {
        foreach (var (keyNode, value) in patch.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (key.StartsWith('$'))
            {
                throw new NotSupportedException($"Strategic merge directive '{key}' at {path} is not supported by this renderer.");
            }

            var existing = target.Get(key);
            if (YamlTree.IsNull(value))
            {
                target.Children.Remove(new YamlScalarNode(key));
            }
            else if (existing is YamlMappingNode targetMap && value is YamlMappingNode patchMap)
            {
                MergeMapping(targetMap, patchMap, builtIn, $"{path}/{key}");
            }
            else if (existing is YamlSequenceNode targetList && value is YamlSequenceNode patchList && builtIn && MergeKey(key, patchList) is { } mergeKey)
            {
                MergeList(targetList, patchList, mergeKey, builtIn, $"{path}/{key}");
            }
            else
            {
                target.Children[new YamlScalarNode(key)] = YamlTree.Clone(value);
            }
        }
    }

    private static string? MergeKey(string field, YamlSequenceNode items)
    {
        if (MergeKeys.TryGetValue(field, out var key))
        {
            return key;
        }

        // Container ports merge on containerPort; Service ports on port.
        if (field == "ports")
        {
            return items.Children.All(i => i.Get("containerPort") is not null) ? "containerPort" : "port";
        }

        return null;
    }

    private static void MergeList(YamlSequenceNode target, YamlSequenceNode patch, string mergeKey, bool builtIn, string path)
    {
        foreach (var item in patch.Children)
        {
            if (item is not YamlMappingNode patchItem || patchItem.Text(mergeKey) is not { } id)
            {
                throw new NotSupportedException($"An item of {path} has no merge key '{mergeKey}'.");
            }

            var match = target.Children.OfType<YamlMappingNode>().FirstOrDefault(t => t.Text(mergeKey) == id);
            if (match is null)
            {
                target.Add(YamlTree.Clone(patchItem));
            }
            else
            {
                MergeMapping(match, patchItem, builtIn, $"{path}[{mergeKey}={id}]");
            }
        }
    }
}
