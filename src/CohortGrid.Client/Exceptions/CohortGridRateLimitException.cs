using System.Net;

namespace CohortGrid.Client;

/// <summary>
/// Too many submissions with this API key (429). Wait <see cref="RetryAfter"/> before submitting again; the client
/// never retries this by itself.
/// </summary>
/// <param name="statusCode">HTTP status of the response (429).</param>
/// <param name="problem">What the server said.</param>
/// <param name="retryAfter">How long the server asked to wait (its <c>Retry-After</c>), when it said.</param>
public sealed class CohortGridRateLimitException(HttpStatusCode statusCode, ApiProblem problem, TimeSpan? retryAfter)
    : CohortGridException(statusCode, problem, Describe(statusCode, problem) + (retryAfter is { } wait ? $" Retry after {wait.TotalSeconds:0} s." : ""))
{
    /// <summary>How long the server asked to wait before the next submission; null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
