using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>Splits a cohort by a risk score at given cut-offs and compares the groups' survival.</summary>
public static class RiskGroups
{
    /// <summary>
    /// Assigns each subject's <paramref name="scores"/> to a group with <paramref name="cutoffs"/>, then fits Cox on
    /// indicators of groups 1…k−1 (the lowest group is the reference) and runs the log-rank test across the groups.
    /// </summary>
    /// <exception cref="AnalyticsException">A group is empty in this cohort, or the Cox fit fails.</exception>
    public static RiskGroupComparison Compare(SurvivalData data, IReadOnlyList<double> scores, RiskCutoffs cutoffs, CoxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (scores.Count != data.Count)
        {
            throw new AnalyticsException($"{scores.Count} risk scores for {data.Count} subjects.");
        }

        var assignments = cutoffs.Assign(scores);
        var k = cutoffs.GroupCount;
        var counts = new int[k];
        var events = new int[k];
        for (var i = 0; i < assignments.Length; i++)
        {
            counts[assignments[i]]++;
            events[assignments[i]] += data.Events[i] ? 1 : 0;
        }

        for (var g = 0; g < k; g++)
        {
            if (counts[g] == 0)
            {
                throw new AnalyticsException($"risk group '{cutoffs.Label(g)}' has no subjects at cut-offs {cutoffs}: no hazard ratio can be estimated.");
            }
        }

        var indicators = Enumerable.Range(1, k - 1)
            .Select(g => new Covariate(cutoffs.Label(g), [.. assignments.Select(a => a == g ? 1.0 : 0.0)]))
            .ToArray();
        var fit = CoxRegression.Fit(data, indicators, options);
        var groups = new RiskGroupHazard[k];
        groups[0] = new RiskGroupHazard(0, cutoffs.Label(0), counts[0], events[0], 1, 1, 1, double.NaN);
        for (var g = 1; g < k; g++)
        {
            var c = fit.Coefficients[g - 1];
            groups[g] = new RiskGroupHazard(g, cutoffs.Label(g), counts[g], events[g], c.HazardRatio, c.HazardRatioLower, c.HazardRatioUpper, c.P);
        }

        var logRank = LogRank.Test(data, [.. assignments.Select(a => a.ToString(CultureInfo.InvariantCulture))]);
        return new RiskGroupComparison(cutoffs, assignments, groups, fit, logRank);
    }
}
