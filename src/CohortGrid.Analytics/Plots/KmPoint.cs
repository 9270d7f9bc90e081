namespace CohortGrid.Analytics.Plots;

/// <summary>
/// One step of a Kaplan–Meier curve: from <paramref name="Time"/> on (right-continuous), survival is
/// <paramref name="Survival"/> with confidence interval [<paramref name="Lower"/>, <paramref name="Upper"/>]
/// (NaN where the interval is undefined; the band is then left out there).
/// </summary>
/// <param name="Time">Event time, ≥ 0.</param>
/// <param name="Survival">Survival estimate just after <paramref name="Time"/>, 0..1.</param>
/// <param name="Lower">Lower confidence bound, or NaN.</param>
/// <param name="Upper">Upper confidence bound, or NaN.</param>
public readonly record struct KmPoint(double Time, double Survival, double Lower, double Upper);
