using System.Net;

namespace CohortGrid.Client;

/// <summary>
/// The cohort was refused (400): every problem is in <see cref="Problems"/> with its table, row, column and code;
/// the message names the first few. Nothing was started.
/// </summary>
public sealed class CohortValidationException : CohortGridException
{
    private const int ProblemsInMessage = 3;

    /// <summary>A refused cohort.</summary>
    /// <param name="statusCode">HTTP status of the response (400).</param>
    /// <param name="problem">What the server said, with its problems.</param>
    public CohortValidationException(HttpStatusCode statusCode, ApiProblem problem)
        : base(statusCode, problem, Describe(statusCode, problem) + FirstProblems(problem))
    {
    }

    /// <summary>Every problem of the cohort.</summary>
    public IReadOnlyList<ManifestProblem> Problems => Problem.Problems;

    /// <summary>The id the cohort would have had.</summary>
    public string? CohortId => Problem.CohortId;

    /// <summary>One problem as one line: <c>[code] message</c> (the server's messages name the table, row and column).</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The line.</returns>
    public static string Format(ManifestProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"[{problem.Code}] {problem.Message}";
    }

    private static string FirstProblems(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Problems.Count == 0)
        {
            return "";
        }

        var first = string.Join("; ", problem.Problems.Take(ProblemsInMessage).Select(Format));
        var more = problem.Problems.Count > ProblemsInMessage ? $"; and {problem.Problems.Count - ProblemsInMessage} more" : "";
        return $" Problems: {first}{more}.";
    }
}
