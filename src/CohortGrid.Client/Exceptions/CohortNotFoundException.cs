using System.Net;

namespace CohortGrid.Client;

/// <summary>There is no such cohort, or no such result file of it (404).</summary>
/// <param name="statusCode">HTTP status of the response (404).</param>
/// <param name="problem">What the server said.</param>
public sealed class CohortNotFoundException(HttpStatusCode statusCode, ApiProblem problem) : CohortGridException(statusCode, problem);
