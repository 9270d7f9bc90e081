using CohortGrid.Testing;

namespace CohortGrid.Deployment.Tests;

/// <summary>Paths in the repository the deployment files describe.</summary>
public static class Repo
{
    public static string Root => TestData.RepositoryRoot;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string K8s => PathOf("k8s");

    public static string Docker => PathOf("docker");

    /// <summary>The overlays the tests render (folder names under k8s/overlays).</summary>
    public static TheoryData<string> Overlays => ["dev", "prod"];

    public static string Overlay(string name) => PathOf("k8s", "overlays", name);

    /// <summary>Repository-relative path with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
