using System.Diagnostics;

namespace CohortGrid.Testing;

/// <summary>
/// The Node test tools of <c>tools/node</c> (installed by scripts/setup.sh with npm ci): outside readers and servers
/// the tests check our output against. Missing, the calling test skips, or fails under CI=true.
/// </summary>
public static class NodeTools
{
    private const string NotInstalled = "The Node test tools are not installed: run scripts/setup.sh (or: npm ci --prefix tools/node).";

    /// <summary>The <c>tools/node</c> folder of the repository.</summary>
    public static string Directory => System.IO.Path.Combine(TestData.RepositoryRoot, "tools", "node");

    /// <summary>Runs <c>node tools/node/{script} {arguments}</c> and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        if (!System.IO.Directory.Exists(System.IO.Path.Combine(Directory, "node_modules")))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(NotInstalled);
            }

            Assert.Skip(NotInstalled);
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(System.IO.Path.Combine(Directory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}): {error}");
        return output.Result;
    }
}
