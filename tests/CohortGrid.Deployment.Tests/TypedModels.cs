using System.Reflection;
using CohortGrid.Deployment.Tests.Kustomize;
using k8s;
using k8s.Models;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// The official typed models of the KubernetesClient package, found by apiVersion and kind, and strict
/// deserialization into them (an unknown or misspelled field is an error, not silently dropped).
/// </summary>
public static class TypedModels
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Type> Types = typeof(V1Pod).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(e => e.Entity is { Kind.Length: > 0 } && !e.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(e => (string.IsNullOrEmpty(e.Entity!.Group) ? e.Entity.ApiVersion : $"{e.Entity.Group}/{e.Entity.ApiVersion}", e.Entity.Kind))
        .ToDictionary(g => g.Key, g => g.First().Type);

    private static readonly MethodInfo DeserializeMethod = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!;

    /// <summary>The model type of an apiVersion and kind, or null for kinds the package has no model of (custom resources).</summary>
    public static Type? TypeOf(string apiVersion, string kind) => Types.GetValueOrDefault((apiVersion, kind));

    /// <summary>Deserializes a YAML document strictly into <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(string yaml) => KubernetesYaml.Deserialize<T>(yaml, strict: true);

    /// <summary>Deserializes an object strictly into the model of its kind.</summary>
    /// <exception cref="InvalidDataException">No model for the kind, or the document does not fit it.</exception>
    public static object ToTyped(KubeObject o)
    {
        var type = TypeOf(o.ApiVersion, o.Kind) ?? throw new InvalidDataException($"{o.Source}: no KubernetesClient model for {o.ApiVersion} {o.Kind}.");
        try
        {
            return DeserializeMethod.MakeGenericMethod(type).Invoke(null, [o.ToYaml(), true])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidDataException($"{o.Source}: {o.Id} does not deserialize into {type.Name}: {e.InnerException.Message}", e.InnerException);
        }
    }

    public static T As<T>(this KubeObject o) => (T)ToTyped(o);
}
