namespace CohortGrid.Client;

/// <summary>What <c>GET /api/cohorts/{id}/results</c> returns: the headline numbers and every result file.</summary>
public sealed record CohortResults
{
    /// <summary>The cohort id.</summary>
    public required string Id { get; init; }

    /// <summary>State when the results were listed.</summary>
    public CohortState State { get; init; }

    /// <summary>Survival analysis, when the cohort had outcomes (or a head to score with).</summary>
    public SurvivalSummary? Survival { get; init; }

    /// <summary>Expression analysis, when the cohort had measured expression or expression heads.</summary>
    public ExpressionSummary? Expression { get; init; }

    /// <summary>Why the analytics failed, when they did (the slides' results are still there).</summary>
    public string? AnalysisError { get; init; }

    /// <summary>Every result file; download with <c>GET /api/cohorts/{id}/files/{path}</c>.</summary>
    public IReadOnlyList<ResultFile> Files { get; init; } = [];
}

/// <summary>Headline survival figures of a cohort.</summary>
/// <param name="Role"><c>training</c> (out-of-fold) or <c>validation</c> (frozen heads).</param>
/// <param name="Patients">Patients analysed.</param>
/// <param name="Events">Events among them.</param>
/// <param name="CIndex">Harrell's C of the image risk.</param>
/// <param name="CIndexLower">Lower bound of the bootstrap confidence interval.</param>
/// <param name="CIndexUpper">Upper bound.</param>
/// <param name="LogRankP">Log-rank p across risk groups; null with one group.</param>
/// <param name="Groups">Risk groups with their sizes and median survival.</param>
public sealed record SurvivalSummary(string Role, int Patients, int Events, double? CIndex, double? CIndexLower, double? CIndexUpper, double? LogRankP, IReadOnlyList<RiskGroupSummary> Groups);

/// <summary>One risk group of the Kaplan–Meier plot.</summary>
/// <param name="Group">Group name (low, intermediate, high).</param>
/// <param name="Patients">Patients in the group.</param>
/// <param name="Events">Events in the group.</param>
/// <param name="MedianSurvival">Median survival time; null when not reached.</param>
public sealed record RiskGroupSummary(string Group, int Patients, int Events, double? MedianSurvival);

/// <summary>Headline expression figures: genes ranked by how well they are predicted.</summary>
/// <param name="Role"><c>training</c> or <c>validation</c>.</param>
/// <param name="TopGenes">Best-predicted genes first.</param>
public sealed record ExpressionSummary(string Role, IReadOnlyList<GeneSummary> TopGenes);

/// <summary>How well one gene's expression is predicted.</summary>
/// <param name="Gene">Gene symbol.</param>
/// <param name="PearsonR">Correlation of predicted with measured expression.</param>
/// <param name="P">p-value of that correlation, when known.</param>
public sealed record GeneSummary(string Gene, double? PearsonR, double? P);

/// <summary>One result file of a cohort.</summary>
/// <param name="Path">Path under the cohort, e.g. <c>slides/s1/features.h5</c>.</param>
/// <param name="Size">Bytes.</param>
/// <param name="ContentType">MIME type it is served with.</param>
/// <param name="Url">Relative URL to download it from.</param>
public sealed record ResultFile(string Path, long Size, string ContentType, string Url);
