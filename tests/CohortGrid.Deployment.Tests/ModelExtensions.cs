using k8s.Models;

namespace CohortGrid.Deployment.Tests;

public static class ModelExtensions
{
    public static string? Label(this V1ObjectMeta? metadata, string key) =>
        metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>True when every pair of <paramref name="selector"/> is among <paramref name="labels"/> (an empty selector selects nothing here).</summary>
    public static bool Selects(this IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>The label selector's matchLabels; match expressions are refused (none are used here).</summary>
    public static IDictionary<string, string> MatchLabels(this V1LabelSelector selector)
    {
        Assert.True(selector.MatchExpressions is null or { Count: 0 }, "matchExpressions are not used by these manifests.");
        return selector.MatchLabels ?? new Dictionary<string, string>();
    }

    /// <summary>Every container of a pod spec with whether it is an init container.</summary>
    public static IEnumerable<(V1Container Container, bool IsInit)> AllContainers(this V1PodSpec spec) =>
        spec.Containers.Select(c => (c, false)).Concat((spec.InitContainers ?? []).Select(c => (c, true)));
}
