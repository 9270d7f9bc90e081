namespace CohortGrid.Analytics.Survival;

/// <summary>Harrell's C with a bootstrap percentile interval from <see cref="Replicates"/> resamples of the subjects.</summary>
public sealed record ConcordanceInterval(double C, double Lower, double Upper, double Level, int Replicates, int Seed);
