namespace CohortGrid.Testing.Hosting;

/// <summary>The <c>dotnet</c> executable that child processes (the host, the CLI, scripts) run on.</summary>
public static class DotnetHost
{
    /// <summary>The dotnet that runs the tests (the CLI sets <c>DOTNET_HOST_PATH</c>), else the one on <c>PATH</c>.</summary>
    public static string Path()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
