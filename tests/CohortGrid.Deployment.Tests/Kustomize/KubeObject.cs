using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests.Kustomize;

/// <summary>One rendered Kubernetes object: its YAML tree and where it came from.</summary>
public sealed record KubeObject(YamlMappingNode Node, string Source)
{
    public string ApiVersion => Node.Text("apiVersion") ?? throw new InvalidDataException($"{Source}: a document has no apiVersion.");

    public string Kind => Node.Text("kind") ?? throw new InvalidDataException($"{Source}: a document has no kind.");

    public string Name => Node.Text("metadata", "name") ?? throw new InvalidDataException($"{Source}: a {Kind} has no metadata.name.");

    public string? Namespace => Node.Text("metadata", "namespace");

    /// <summary>The API group: "" for the core group (<c>v1</c>), else the part before the slash.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>Kubernetes' own kinds (core and *.k8s.io groups, apps, policy, ...), as opposed to custom resources.</summary>
    public bool IsBuiltIn => Group is "" or "apps" or "batch" or "policy" or "autoscaling" || Group.EndsWith(".k8s.io", StringComparison.Ordinal);

    /// <summary>Kind and name, e.g. <c>Deployment/silo-gpu</c>.</summary>
    public string Id => $"{Kind}/{Name}";

    public string ToYaml() => YamlTree.Write(Node);

    public override string ToString() => Id;
}
