using k8s.Models;

namespace CohortGrid.Deployment.Tests;

/// <summary>The environment a container starts with: its ConfigMaps and Secrets resolved, downward API fields as sample values.</summary>
public static class PodEnvironment
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["status.podIP"] = "10.244.1.17",
        ["metadata.name"] = "silo-0",
        ["metadata.namespace"] = "cohortgrid",
        ["spec.nodeName"] = "node-0",
    };

    public static Dictionary<string, string> Of(RenderedOverlay rendered, V1Deployment deployment, V1Container container)
    {
        var where = $"{rendered.Name}: {deployment.Metadata.Name}/{container.Name}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } map)
            {
                var data = rendered.ConfigMaps.SingleOrDefault(c => c.Metadata.Name == map.Name)?.Data ?? throw new InvalidOperationException($"{where}: no ConfigMap {map.Name}.");
                foreach (var (key, value) in data)
                {
                    environment[source.Prefix + key] = value;
                }
            }

            if (source.SecretRef is { } secretRef)
            {
                foreach (var (key, value) in rendered.FindSecret(secretRef.Name)?.StringData ?? new Dictionary<string, string>())
                {
                    environment[source.Prefix + key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom is null)
            {
                environment[variable.Name] = variable.Value ?? "";
            }
            else if (variable.ValueFrom.FieldRef is { } field)
            {
                environment[variable.Name] = Fields.TryGetValue(field.FieldPath, out var sample) ? sample : throw new InvalidOperationException($"{where}: downward API field {field.FieldPath} is not expected.");
            }
            else if (variable.ValueFrom.SecretKeyRef is { } secretKey)
            {
                if (rendered.FindSecret(secretKey.Name) is { } secret)
                {
                    environment[variable.Name] = secret.StringData is { } data && data.TryGetValue(secretKey.Key, out var value) ? value : $"<{secretKey.Name}/{secretKey.Key}>";
                }
                else if (secretKey.Optional != true)
                {
                    throw new InvalidOperationException($"{where}: Secret {secretKey.Name} does not exist.");
                }
            }
            else if (variable.ValueFrom.ConfigMapKeyRef is { } mapKey)
            {
                environment[variable.Name] = rendered.ConfigMaps.Single(c => c.Metadata.Name == mapKey.Name).Data[mapKey.Key];
            }
            else
            {
                throw new InvalidOperationException($"{where}: {variable.Name} uses a value source the tests do not know.");
            }
        }

        return environment;
    }
}
