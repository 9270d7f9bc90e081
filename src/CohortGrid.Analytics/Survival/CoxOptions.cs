namespace CohortGrid.Analytics.Survival;

/// <summary>Settings of a Cox fit; the defaults are R <c>coxph</c>'s.</summary>
public sealed record CoxOptions
{
    /// <summary>The defaults: Efron ties, no penalty, 20 iterations, tolerance 1e-9, non-convergence reported not thrown.</summary>
    public static CoxOptions Default { get; } = new();

    /// <summary>Tie handling; Efron as in R.</summary>
    public CoxTies Ties { get; init; } = CoxTies.Efron;

    /// <summary>
    /// Ridge penalty λ ≥ 0: the fit maximises log PL(β) − λ/2·Σβ² on the <b>raw</b> covariate scale (no
    /// standardisation), which is R's <c>ridge(..., theta = λ, scale = FALSE)</c>. Zero (the default) is the plain fit.
    /// </summary>
    public double Penalty { get; init; }

    /// <summary>Newton–Raphson iterations at most (R's <c>iter.max</c>, 20).</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Converged when |1 − loglik_old / loglik_new| ≤ this (R's <c>eps</c>, 1e-9).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Throw <see cref="AnalyticsException"/> instead of returning a fit with <see cref="CoxFit.Converged"/> false.</summary>
    public bool ThrowOnNonConvergence { get; init; }

    /// <summary>Level of the hazard-ratio confidence intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}
