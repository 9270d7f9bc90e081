namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Harrell's concordance with R's pair counts (<c>survival::concordance</c>): a pair is comparable when the shorter
/// time is an event (a censored time tied with an event time counts as the longer one); it is concordant when
/// the subject who failed first has the higher risk. C = (concordant + tied risk / 2) / (concordant + discordant + tied risk).
/// </summary>
public sealed record ConcordanceResult(double C, long Concordant, long Discordant, long TiedRisk, long TiedTime, long TiedTimeAndRisk)
{
    /// <summary>Pairs that enter C: concordant + discordant + tied on risk.</summary>
    public long Comparable => Concordant + Discordant + TiedRisk;
}
