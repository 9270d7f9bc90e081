namespace CohortGrid.Contracts;

/// <summary>
/// Silo roles, published as silo metadata <see cref="MetadataKey"/> (config
/// <c>Orleans:Metadata:cohortgrid.role</c>, env <c>Orleans__Metadata__cohortgrid.role</c>): a comma-separated
/// list such as "gpu", "cpu" or "cpu,gpu" (the single-node default).
/// </summary>
public static class SiloRoles
{
    public const string MetadataKey = "cohortgrid.role";

    /// <summary>Stable node name used for rendezvous hashing (pod or host name, not the address, which changes on restart).</summary>
    public const string NodeMetadataKey = "cohortgrid.node";

    public const string Gpu = "gpu";

    public const string Cpu = "cpu";

    /// <summary>Not a silo: the REST API and dashboard as an Orleans client of a cluster (separate processes or pods).</summary>
    public const string Api = "api";

    /// <summary>True when a role list includes <paramref name="role"/>.</summary>
    public static bool Includes(string? roles, string role) =>
        roles is not null && roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>"gpu, CPU" → "cpu,gpu" (null → ""): one spelling per role set, so silos group and label by role.</summary>
    public static string Normalize(string? roles) => roles is null
        ? ""
        : string.Join(',', roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
}
