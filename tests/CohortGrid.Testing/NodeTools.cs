namespace CohortGrid.Testing;

/// <summary>
/// The Node test tools of <c>tools/node</c> (installed by scripts/setup.sh with npm ci): outside readers and servers
/// the tests check our output against. Missing, the calling test skips, or fails under CI=true.
/// </summary>
public static class NodeTools
{
    /// <summary>The <c>tools/node</c> folder of the repository.</summary>
    public static string Directory => Path.Combine(TestData.RepositoryRoot, "tools", "node");

    /// <summary>Runs <c>node tools/node/{script} {arguments}</c> and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
        {
            Prerequisite.Missing("The Node test tools are not installed: run scripts/setup.sh (or: npm ci --prefix tools/node).");
        }

        return Prerequisite.Run("node", [Path.Combine(Directory, script), .. arguments], Directory);
    }
}
