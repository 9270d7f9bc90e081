namespace CohortGrid.Bench;

/// <summary>Finds the shared test material (../shared/data beside the repository, or COHORTGRID_TESTDATA).</summary>
internal static class BenchData
{
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("COHORTGRID_TESTDATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CohortGrid.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        throw new DirectoryNotFoundException("Shared data not found; pass --data DIR or set COHORTGRID_TESTDATA.");
    }
}
