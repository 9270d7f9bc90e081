namespace CohortGrid.Testing.Azurite;

/// <summary>
/// Finds the Azurite blob service script: <c>AZURITE_BLOB</c> (path to an <c>azurite-blob</c> script), else
/// <c>tools/node/node_modules/.bin/azurite-blob</c> in the repository, as <c>scripts/setup.sh</c> installs it. When it
/// is missing, tests skip on a developer machine but fail under CI (CI=true), like <see cref="TestData"/>.
/// </summary>
public static class AzuriteLocator
{
    public const string EnvironmentVariable = "AZURITE_BLOB";

    public const string NotInstalledMessage =
        "Azurite is not installed: run scripts/setup.sh (or: npm ci --prefix tools/node), or set AZURITE_BLOB to the path of an azurite-blob script.";

    private static readonly Lazy<string?> Script = new(FindScript);

    /// <summary>The <c>azurite-blob</c> script, or <see langword="null"/> when Azurite is not installed.</summary>
    public static string? ScriptPath => Script.Value;

    /// <summary>The script; skips or fails the calling test when Azurite is not installed.</summary>
    public static string RequireScript()
    {
        if (Script.Value is { } script)
        {
            return script;
        }

        SkipOrFail();
        return string.Empty;
    }

    /// <summary>Skips the calling test (fails it under CI) because Azurite is not installed.</summary>
    public static void SkipOrFail() => Prerequisite.Missing(NotInstalledMessage);

    private static string? FindScript()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CohortGrid.sln")))
            {
                var script = Path.Combine(dir.FullName, "tools", "node", "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob");
                return File.Exists(script) ? script : null;
            }
        }

        return null;
    }
}
