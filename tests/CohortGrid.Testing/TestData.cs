namespace CohortGrid.Testing;

/// <summary>
/// Locates the shared test material (real slides, models, survival references). The folder comes
/// from COHORTGRID_TESTDATA, else ../shared/data beside the repository. When it is missing, tests
/// skip on a developer machine but fail under CI (CI=true), so a broken checkout cannot pass.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared data folder; skips or fails the calling test when it is missing.</summary>
    public static string Directory
    {
        get
        {
            if (Root.Value is { } root)
            {
                return root;
            }

            Prerequisite.Missing("Shared test data not found: set COHORTGRID_TESTDATA or place it at ../shared/data beside the repository.");
            return string.Empty;
        }
    }

    /// <summary>Path of a file under the shared data folder, e.g. <c>Path("slides", "CMU-1-Small-Region.svs")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    public static string Slide(string name) => Path("slides", name);

    public static string BadSlide(string name) => Path("slides", "bad", name);

    /// <summary>The repository root (the folder holding CohortGrid.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("COHORTGRID_TESTDATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(configured) ? System.IO.Path.GetFullPath(configured) : null;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return System.IO.Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CohortGrid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CohortGrid.sln above {AppContext.BaseDirectory}.");
    }
}
