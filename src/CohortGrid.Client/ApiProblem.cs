namespace CohortGrid.Client;

/// <summary>
/// An RFC 7807 problem the API answered with (<c>application/problem+json</c>), or one made from a response that
/// carried none (a proxy's error page, an empty body).
/// </summary>
public sealed record ApiProblem
{
    /// <summary>URI identifying the kind of problem, e.g. <c>https://cohortgrid.dev/problems/invalid-cohort</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Short summary of the kind of problem ("Invalid cohort", "Not found").</summary>
    public string? Title { get; init; }

    /// <summary>HTTP status code the server gave.</summary>
    public int? Status { get; init; }

    /// <summary>What went wrong in this occurrence, for a person.</summary>
    public string? Detail { get; init; }

    /// <summary>The request path the problem is about, when the server names it.</summary>
    public string? Instance { get; init; }

    /// <summary>The server's trace id: quote it when asking an operator to look in the logs.</summary>
    public string? TraceId { get; init; }

    /// <summary>Every problem of an invalid cohort, with its table, row and column; empty otherwise.</summary>
    public IReadOnlyList<ManifestProblem> Problems { get; init; } = [];

    /// <summary>The id the cohort would have had, for an invalid cohort.</summary>
    public string? CohortId { get; init; }
}
