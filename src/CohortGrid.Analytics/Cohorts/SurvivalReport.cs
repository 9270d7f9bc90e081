using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Cohorts;

/// <summary>What <c>survival.json</c> holds: how well image risk separates the cohort's patients.</summary>
public sealed record SurvivalReport
{
    /// <summary><c>training</c> (out-of-fold risks of a cross-validated fit) or <c>validation</c> (a frozen head).</summary>
    public required string Role { get; init; }

    public required int Patients { get; init; }

    public required int Events { get; init; }

    /// <summary>Harrell's C of the risks (pooled out-of-fold for training), with a bootstrap percentile interval.</summary>
    public required ConcordanceInterval CIndex { get; init; }

    /// <summary>Harrell's C within each fold's held-out patients (training only).</summary>
    public IReadOnlyList<double> FoldCIndex { get; init; } = [];

    /// <summary>Kaplan–Meier curve of each risk group, lowest risk first.</summary>
    public required IReadOnlyList<KaplanMeierCurve> Curves { get; init; }

    /// <summary>Log-rank test across the risk groups; null when every patient fell in one group.</summary>
    public required LogRankResult? LogRank { get; init; }

    /// <summary>Hazard ratio of each higher-risk group against the lowest (Cox on group indicators).</summary>
    public required IReadOnlyList<CoxCoefficient> GroupHazardRatios { get; init; }

    /// <summary>Cox model of the image risk next to the clinical covariates; null when none were asked for.</summary>
    public IReadOnlyList<CoxCoefficient>? Multivariable { get; init; }

    /// <summary>Patients the multivariable model used (those with every covariate).</summary>
    public int MultivariablePatients { get; init; }

    /// <summary>The head that gave the risks (for training: the final fit on every patient).</summary>
    public required SurvivalHead Head { get; init; }

    /// <summary>Each patient's risk (out-of-fold for training) and group, in input order.</summary>
    public required IReadOnlyList<(string PatientId, double Risk, string Group)> Risks { get; init; }
}
