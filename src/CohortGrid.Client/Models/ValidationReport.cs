namespace CohortGrid.Client;

/// <summary>What <c>POST /api/cohorts/validate</c> found: every problem at once, nothing started.</summary>
public sealed record ValidationReport
{
    /// <summary>True when the cohort can be submitted as it is.</summary>
    public bool IsValid { get; init; }

    /// <summary>The id the cohort gets when submitted.</summary>
    public string? CohortId { get; init; }

    /// <summary>True when a cohort with this id already exists (submitting returns it).</summary>
    public bool Exists { get; init; }

    /// <summary>Cohort name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Slides read.</summary>
    public int Slides { get; init; }

    /// <summary>Distinct patients among the slides.</summary>
    public int Patients { get; init; }

    /// <summary>Patients with an outcome (time and event).</summary>
    public int PatientsWithOutcome { get; init; }

    /// <summary>Genes of the expression table; 0 without one.</summary>
    public int Genes { get; init; }

    /// <summary>Encoder the slides would be embedded with.</summary>
    public string EncoderId { get; init; } = "";

    /// <summary>Every problem, each with where it is.</summary>
    public IReadOnlyList<ManifestProblem> Problems { get; init; } = [];
}

/// <summary>One problem of a submitted cohort, with the table, row and column it is in.</summary>
/// <param name="Table"><c>manifest</c>, <c>clinical</c>, <c>expression</c> or <c>request</c>.</param>
/// <param name="Row">1-based data row (the CSV line is one more, after the header); null for the table as a whole.</param>
/// <param name="Column">Column name, when the problem is in one.</param>
/// <param name="Code">Stable code: <c>missing-column</c>, <c>duplicate-slide</c>, <c>unknown-patient</c>, <c>negative-time</c>, <c>bad-event</c>, <c>location-refused</c>, <c>not-a-number</c>, ...</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ManifestProblem(string Table, int? Row, string? Column, string Code, string Message);
