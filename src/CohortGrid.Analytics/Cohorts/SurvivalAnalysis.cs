using CohortGrid.Analytics.Expression;
using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// Survival analytics of a cohort's patients: training (cross-validated head, out-of-fold risks, final head) or
/// validation (a frozen head), each reported with concordance, risk-group curves, log-rank and hazard ratios, and
/// optionally a multivariable model asking whether the image adds to the clinical covariates.
/// </summary>
public static class SurvivalAnalysis
{
    /// <summary>Bootstrap replicates of the C-index interval.</summary>
    public const int BootstrapReplicates = 1000;

    /// <summary>Cross-validates and fits a head on <paramref name="x"/> (one embedding per patient).</summary>
    public static SurvivalReport Train(
        IReadOnlyList<string> patients,
        IReadOnlyList<double[]> x,
        SurvivalData data,
        int folds,
        int seed,
        string riskGroups,
        IReadOnlyList<Covariate>? clinical = null)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(data);
        folds = Math.Clamp(folds, 2, Math.Max(2, data.Count / 2));
        var fold = FoldAssignment.Assign(data.Count, folds, seed, null);
        var risks = new double[data.Count];
        var foldC = new List<double>();
        for (var f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, data.Count).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, data.Count).Where(i => fold[i] == f).ToArray();
            var head = SurvivalHeadTrainer.Fit([.. train.Select(i => x[i])], data.Select(train), riskGroups);
            foreach (var i in test)
            {
                risks[i] = head.Score.Apply(x[i]);
            }

            var testData = data.Select(test);
            if (testData.EventCount > 0)
            {
                foldC.Add(Concordance.Harrell(testData, [.. test.Select(i => risks[i])]).C);
            }
        }

        var final = SurvivalHeadTrainer.Fit(x, data, riskGroups);

        // Groups of the out-of-fold risks by their own quantiles: each patient's group comes from a model that never saw them.
        var (cutOffs, names) = SurvivalHeadTrainer.RiskGroupCutOffs(risks, riskGroups);
        var grouping = final with { CutOffs = cutOffs, GroupNames = names };
        return Report("training", patients, risks, data, grouping, final, seed, clinical) with { FoldCIndex = foldC };
    }

    /// <summary>Scores <paramref name="x"/> with a frozen head and validates against the patients' survival.</summary>
    public static SurvivalReport Validate(IReadOnlyList<string> patients, IReadOnlyList<double[]> x, SurvivalData data, SurvivalHead head, int seed, IReadOnlyList<Covariate>? clinical = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(head);
        return ValidateRisks(patients, [.. x.Select(row => head.Score.Apply(row))], data, head, seed, clinical);
    }

    /// <summary>Validates risks already computed with <paramref name="head"/> (the max or mean over a patient's slides, top-k tile means).</summary>
    public static SurvivalReport ValidateRisks(IReadOnlyList<string> patients, IReadOnlyList<double> risks, SurvivalData data, SurvivalHead head, int seed, IReadOnlyList<Covariate>? clinical = null)
    {
        ArgumentNullException.ThrowIfNull(risks);
        ArgumentNullException.ThrowIfNull(head);
        return Report("validation", patients, [.. risks], data, head, head, seed, clinical);
    }

    private static SurvivalReport Report(
        string role,
        IReadOnlyList<string> patients,
        double[] risks,
        SurvivalData data,
        SurvivalHead grouping,
        SurvivalHead head,
        int seed,
        IReadOnlyList<Covariate>? clinical)
    {
        var groups = risks.Select(grouping.GroupOf).ToArray();
        var present = grouping.GroupNames.Where(groups.Contains).ToArray();
        var curves = KaplanMeier.FitGroups(data, groups).OrderBy(c => Array.IndexOf(grouping.GroupNames, c.Group)).ToList();
        var logRank = present.Length > 1 ? LogRank.Test(data, groups) : null;

        // Hazard ratios against the lowest group present: one indicator per higher group.
        var indicators = present.Skip(1).Select(g => new Covariate(g, [.. groups.Select(x => x == g ? 1.0 : 0.0)])).ToList();
        var ratios = indicators.Count == 0 ? [] : CoxRegression.Fit(data, indicators).Coefficients;

        IReadOnlyList<CoxCoefficient>? multivariable = null;
        var multivariablePatients = 0;
        if (clinical is { Count: > 0 })
        {
            var complete = Enumerable.Range(0, data.Count).Where(i => clinical.All(c => double.IsFinite(c.Values[i]))).ToArray();
            multivariablePatients = complete.Length;
            var covariates = new List<Covariate> { new("image_risk", [.. complete.Select(i => risks[i])]) };
            covariates.AddRange(clinical.Select(c => new Covariate(c.Name, [.. complete.Select(i => c.Values[i])])));
            multivariable = CoxRegression.Fit(data.Select(complete), covariates).Coefficients;
        }

        return new SurvivalReport
        {
            Role = role,
            Patients = data.Count,
            Events = data.EventCount,
            CIndex = Concordance.Bootstrap(data, risks, BootstrapReplicates, seed),
            Curves = curves,
            LogRank = logRank,
            GroupHazardRatios = ratios,
            Multivariable = multivariable,
            MultivariablePatients = multivariablePatients,
            Head = head,
            Risks = [.. patients.Select((p, i) => (p, risks[i], groups[i]))],
        };
    }
}
