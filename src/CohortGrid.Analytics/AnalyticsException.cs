namespace CohortGrid.Analytics;

/// <summary>
/// Input the analysis cannot use (negative or missing times, events not 0/1, a constant covariate) or a fit that
/// did not converge (perfect separation): the message says what and where, instead of a silent NaN.
/// </summary>
public sealed class AnalyticsException(string message) : Exception(message);
