using System.Net;

namespace CohortGrid.Client;

/// <summary>
/// The API refused a request or failed: the HTTP status and the problem the server described. More specific
/// failures derive from it (<see cref="CohortValidationException"/>, <see cref="CohortNotFoundException"/>,
/// <see cref="CohortGridAuthenticationException"/>, <see cref="CohortGridRateLimitException"/>,
/// <see cref="CohortGridUnavailableException"/>), so one <c>catch</c> handles every API error.
/// </summary>
public class CohortGridException : Exception
{
    /// <summary>An API error with a message made from the problem's title and detail.</summary>
    /// <param name="statusCode">HTTP status of the response.</param>
    /// <param name="problem">What the server said.</param>
    public CohortGridException(HttpStatusCode statusCode, ApiProblem problem)
        : this(statusCode, problem, Describe(statusCode, problem), null)
    {
    }

    /// <summary>An API error with a message of the caller's.</summary>
    /// <param name="statusCode">HTTP status of the response.</param>
    /// <param name="problem">What the server said.</param>
    /// <param name="message">The exception message.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public CohortGridException(HttpStatusCode statusCode, ApiProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(problem);
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>HTTP status of the response (503 for <see cref="CohortGridUnavailableException"/> when no response came at all).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem details the server sent.</summary>
    public ApiProblem Problem { get; }

    /// <summary>
    /// "Title (status): detail" alone: the default message, without what a subclass appends to its own (such as the
    /// first problems of a <see cref="CohortValidationException"/>), for callers that show those separately.
    /// </summary>
    public string Summary => Describe(StatusCode, Problem);

    /// <summary>"Title (status): detail", the default message.</summary>
    /// <param name="statusCode">HTTP status.</param>
    /// <param name="problem">The problem.</param>
    /// <returns>A one-line description.</returns>
    protected static string Describe(HttpStatusCode statusCode, ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var title = string.IsNullOrWhiteSpace(problem.Title) ? statusCode.ToString() : problem.Title;
        var text = $"{title} ({(int)statusCode})";
        return string.IsNullOrWhiteSpace(problem.Detail) ? text : $"{text}: {problem.Detail}";
    }
}
