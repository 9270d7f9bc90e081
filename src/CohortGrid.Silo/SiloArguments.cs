namespace CohortGrid.Silo;

/// <summary>
/// Turns the silo's command-line switches into configuration keys, so flags, environment variables
/// (e.g. <c>Orleans__Metadata__cohortgrid.role</c>) and appsettings all configure the same settings.
/// </summary>
public static class SiloArguments
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["--role"] = "Orleans:Metadata:cohortgrid.role",
        ["--node"] = "Orleans:Metadata:cohortgrid.node",
        ["--data"] = "CohortGrid:DataDirectory",
        ["--models"] = "CohortGrid:ModelsDirectory",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--redis"] = "Cluster:Redis",
        ["--cluster-id"] = "Cluster:Id",
        ["--http-port"] = "Silo:HttpPort",
    };

    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--sample"] = "Sample:Enabled",
        ["--once"] = "Sample:Once",
    };

    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Switches.TryGetValue(args[i], out var flag))
            {
                result.Add($"--{flag}=true");
            }
            else if (Options.TryGetValue(args[i], out var key) && i + 1 < args.Length)
            {
                result.Add($"--{key}={args[++i]}");
            }
            else
            {
                result.Add(args[i]);
            }
        }

        return [.. result];
    }
}
