namespace CohortGrid.Client;

/// <summary>
/// Where the server is, the API key, and how hard the client retries. <see cref="FromEnvironment"/> reads
/// <c>COHORTGRID_URL</c> and <c>COHORTGRID_API_KEY</c>.
/// </summary>
public sealed class CohortGridClientOptions
{
    /// <summary>Environment variable with the server's base URL.</summary>
    public const string UrlVariable = "COHORTGRID_URL";

    /// <summary>Environment variable with the API key.</summary>
    public const string ApiKeyVariable = "COHORTGRID_API_KEY";

    /// <summary>The single-node default, <c>http://127.0.0.1:5080/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("http://127.0.0.1:5080/");

    /// <summary>The server's base URL (a path prefix, e.g. behind a proxy, is kept).</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>; <c>cohortgrid apikey new</c> makes one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Retries of a request that failed transiently (network error, timeout, 408 or 5xx); 0 turns retries off.
    /// 4xx answers are never retried.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for one attempt's response headers.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a request's response headers over all its attempts and delays.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Options from the environment: <c>COHORTGRID_URL</c> (default <c>http://127.0.0.1:5080</c>) and
    /// <c>COHORTGRID_API_KEY</c> (null when unset).
    /// </summary>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException"><c>COHORTGRID_URL</c> is not an absolute http or https URL.</exception>
    public static CohortGridClientOptions FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return new CohortGridClientOptions
        {
            BaseAddress = string.IsNullOrWhiteSpace(url) ? DefaultBaseAddress : ParseBaseAddress(url, UrlVariable),
            ApiKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
        };
    }

    /// <summary>Parses a server URL as given by a person (<c>http://host:5080</c>).</summary>
    /// <param name="url">The URL.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <returns>The absolute URL.</returns>
    /// <exception cref="FormatException">Not an absolute http or https URL.</exception>
    public static Uri ParseBaseAddress(string url, string source = "the server URL")
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw new FormatException($"{source} '{url}' is not an absolute http or https URL (e.g. http://127.0.0.1:5080).");
    }
}
