namespace CohortGrid.Analytics.Survival;

/// <summary>
/// One row of a Kaplan–Meier table (R's <c>summary(survfit(...))</c>), at a distinct observed time or at a
/// time asked for with <see cref="KaplanMeierCurve.At"/>.
/// </summary>
/// <param name="Time">The time.</param>
/// <param name="AtRisk">Subjects with follow-up ≥ <paramref name="Time"/>.</param>
/// <param name="Events">Events at this time (for <see cref="KaplanMeierCurve.At"/>: all events up to and including it).</param>
/// <param name="Censored">Censored at this time (for <see cref="KaplanMeierCurve.At"/>: up to and including it).</param>
/// <param name="Survival">Kaplan–Meier estimate just after the time.</param>
/// <param name="StdErr">Greenwood standard error of S (the <c>std.err</c> column of R's <c>summary.survfit</c>).</param>
/// <param name="StdErrLog">Greenwood standard error of log S, √Σ d/(n(n−d)) (R's <c>fit$std.err</c>); +∞ once everyone left at risk has died.</param>
/// <param name="Lower">Lower confidence limit; NaN where R gives NA.</param>
/// <param name="Upper">Upper confidence limit; NaN where R gives NA.</param>
public sealed record KaplanMeierStep(
    double Time,
    int AtRisk,
    int Events,
    int Censored,
    double Survival,
    double StdErr,
    double StdErrLog,
    double Lower,
    double Upper);
