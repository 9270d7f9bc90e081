using System.Net;

namespace CohortGrid.Client;

/// <summary>
/// The API key is missing, wrong or not allowed (401 or 403). Check <c>COHORTGRID_API_KEY</c> or
/// <see cref="CohortGridClientOptions.ApiKey"/>; never retried.
/// </summary>
/// <param name="statusCode">HTTP status of the response (401 or 403).</param>
/// <param name="problem">What the server said.</param>
public sealed class CohortGridAuthenticationException(HttpStatusCode statusCode, ApiProblem problem)
    : CohortGridException(statusCode, problem, Describe(statusCode, problem) + " Check the API key (COHORTGRID_API_KEY).");
