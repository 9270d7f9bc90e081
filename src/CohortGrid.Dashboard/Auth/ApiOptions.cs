namespace CohortGrid.Dashboard.Auth;

/// <summary>API settings (configuration section "Api").</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Accepted keys, stored only as SHA-256 hashes (<c>cohortgrid apikey new</c> prints a key and its hash).
    /// <c>COHORTGRID_API_KEY</c> adds one more key, given in plain text (hashed at start, never kept).
    /// </summary>
    public IList<ApiKeyEntry> Keys { get; init; } = [];

    /// <summary>When no key is configured: generate one and print it once at start (the single-node default).</summary>
    public bool GenerateKeyWhenUnset { get; set; } = true;

    /// <summary>Largest request body (manifest and tables together).</summary>
    public long MaxUploadBytes { get; set; } = 32L << 20;

    /// <summary>Cohort submissions per key per minute; further ones get 429 with Retry-After.</summary>
    public int SubmissionsPerMinute { get; set; } = 30;
}

/// <summary>One accepted API key.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who the key belongs to (shown in logs and the dashboard, never the key).</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public string Sha256 { get; set; } = "";
}
