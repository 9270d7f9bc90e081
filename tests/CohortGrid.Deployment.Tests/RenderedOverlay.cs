using System.Collections.Concurrent;
using CohortGrid.Deployment.Tests.Kustomize;
using k8s.Models;

namespace CohortGrid.Deployment.Tests;

/// <summary>An overlay rendered by <see cref="KustomizeRenderer"/>, with its objects in their typed models.</summary>
public sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new();

    private RenderedOverlay(string name)
    {
        Name = name;
        Objects = KustomizeRenderer.Render(Repo.Overlay(name));
        Deployments = Typed<V1Deployment>("Deployment");
        Services = Typed<V1Service>("Service");
        Budgets = Typed<V1PodDisruptionBudget>("PodDisruptionBudget");
        Autoscalers = Typed<V2HorizontalPodAutoscaler>("HorizontalPodAutoscaler");
        ConfigMaps = Typed<V1ConfigMap>("ConfigMap");
        Secrets = Typed<V1Secret>("Secret");
        Ingresses = Typed<V1Ingress>("Ingress");
        Claims = Typed<V1PersistentVolumeClaim>("PersistentVolumeClaim");
        ServiceAccounts = Typed<V1ServiceAccount>("ServiceAccount");
        Namespaces = Typed<V1Namespace>("Namespace");
        ScaledObjects = [.. Objects.Where(o => o.Kind == "ScaledObject").Select(o => ScaledObject.Parse(o.ToYaml()))];
    }

    public static RenderedOverlay Of(string name) => Cache.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => new RenderedOverlay(n))).Value;

    public string Name { get; }

    public IReadOnlyList<KubeObject> Objects { get; }

    public IReadOnlyList<V1Deployment> Deployments { get; }

    public IReadOnlyList<V1Service> Services { get; }

    public IReadOnlyList<V1PodDisruptionBudget> Budgets { get; }

    public IReadOnlyList<V2HorizontalPodAutoscaler> Autoscalers { get; }

    public IReadOnlyList<V1ConfigMap> ConfigMaps { get; }

    public IReadOnlyList<V1Secret> Secrets { get; }

    public IReadOnlyList<V1Ingress> Ingresses { get; }

    public IReadOnlyList<V1PersistentVolumeClaim> Claims { get; }

    public IReadOnlyList<V1ServiceAccount> ServiceAccounts { get; }

    public IReadOnlyList<V1Namespace> Namespaces { get; }

    public IReadOnlyList<ScaledObject> ScaledObjects { get; }

    public V1Deployment Deployment(string name) => Deployments.SingleOrDefault(d => d.Metadata.Name == name) ?? throw new InvalidOperationException($"{Name}: no Deployment {name}.");

    /// <summary>The CohortGrid workloads (labelled app.kubernetes.io/name=cohortgrid), not the dev overlay's Redis and Azurite.</summary>
    public IEnumerable<V1Deployment> CohortGridDeployments => Deployments.Where(d => d.Spec.Template.Metadata.Label("app.kubernetes.io/name") == "cohortgrid");

    /// <summary>Secret names this overlay expects to exist without rendering them (prod: secrets.example.yaml).</summary>
    public IReadOnlyList<V1Secret> ExternalSecrets
    {
        get
        {
            var example = Path.Combine(Repo.Overlay(Name), "secrets.example.yaml");
            return File.Exists(example)
                ? [.. YamlTreeDocuments(example).Select(o => o.As<V1Secret>())]
                : [];
        }
    }

    /// <summary>Every secret a reference may resolve to: the rendered ones and the external ones.</summary>
    public V1Secret? FindSecret(string name) =>
        Secrets.FirstOrDefault(s => s.Metadata.Name == name) ?? ExternalSecrets.FirstOrDefault(s => s.Metadata.Name == name);

    public override string ToString() => Name;

    private static IEnumerable<KubeObject> YamlTreeDocuments(string path) => YamlTree.LoadMappings(path).Select(n => new KubeObject(n, path));

    private List<T> Typed<T>(string kind) => [.. Objects.Where(o => o.Kind == kind).Select(o => o.As<T>())];
}
