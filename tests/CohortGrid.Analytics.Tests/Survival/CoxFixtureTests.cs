using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Cox fits on veteran, ovarian and colon against R's coxph (Fixtures/references.txt).</summary>
public sealed class CoxFixtureTests
{
    private static readonly string[] VeteranNames = ["trt", "karno", "diagtime", "age", "prior"];
    private static readonly double[] VeteranNewSubject = [1, 60, 5, 60, 0];

    [Theory]
    [InlineData(CoxTies.Efron, "efron")]
    [InlineData(CoxTies.Breslow, "breslow")]
    public void Veteran_fit_matches_R_coxph(CoxTies ties, string key)
    {
        var table = Fixtures.Dataset("veteran.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table), Fixtures.Covariates(table, VeteranNames), new CoxOptions { Ties = ties });

        var prefix = $"veteran.cox.{key}";
        Assert.True(fit.Converged, fit.ConvergenceMessage);
        Fixtures.AssertRelative($"{prefix}.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative($"{prefix}.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute($"{prefix}.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertRelative($"{prefix}.score", [fit.ScoreTest.ChiSquare]);
        Fixtures.AssertRelative($"{prefix}.wald", [fit.WaldTest.ChiSquare]);
        Fixtures.AssertAbsolute($"{prefix}.concordance", [fit.Concordance.C], 1e-6);
        Fixtures.AssertRelative($"{prefix}.means", fit.Means);
        Fixtures.AssertRelative($"{prefix}.n", [fit.Count, fit.EventCount]);
    }

    [Theory]
    [InlineData(CoxTies.Efron, "efron")]
    [InlineData(CoxTies.Breslow, "breslow")]
    public void Baseline_hazard_and_predicted_survival_match_R_survfit_of_the_cox_model(CoxTies ties, string key)
    {
        var table = Fixtures.Dataset("veteran.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table), Fixtures.Covariates(table, VeteranNames), new CoxOptions { Ties = ties });

        var times = Fixtures.Values($"veteran.cox.{key}.survfit.times");
        var curve = fit.PredictSurvival(VeteranNewSubject);
        Fixtures.AssertRelative($"veteran.cox.{key}.survfit.surv", times.Select(curve.At));
        Fixtures.AssertRelative($"veteran.cox.{key}.basehaz", times.Select(fit.Baseline().At));
    }

    [Fact]
    public void Stratified_fit_and_per_stratum_survival_match_R_coxph_with_strata()
    {
        var table = Fixtures.Dataset("veteran.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table), Fixtures.Covariates(table, "trt", "karno", "age"), strata: table.Strings("celltype"));

        Fixtures.AssertRelative("veteran.cox.strata.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative("veteran.cox.strata.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute("veteran.cox.strata.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertAbsolute("veteran.cox.strata.concordance", [fit.Concordance.C], 1e-6);
        Fixtures.AssertRelative("veteran.cox.strata.score", [fit.ScoreTest.ChiSquare]);
        Fixtures.AssertRelative("veteran.cox.strata.wald", [fit.WaldTest.ChiSquare]);
        Assert.Equal(["adeno", "large", "smallcell", "squamous"], fit.Strata);
        Assert.Equal(4, fit.BaselineHazards.Count);
        var curve = fit.PredictSurvival([1, 60, 60], "adeno");
        Fixtures.AssertRelative("veteran.cox.strata.survfit.surv", Fixtures.Values("veteran.cox.strata.survfit.times").Select(curve.At));
    }

    [Fact]
    public void Ridge_fit_matches_R_ridge_term_on_the_raw_scale()
    {
        var table = Fixtures.Dataset("veteran.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table), Fixtures.Covariates(table, "trt", "karno", "age"), new CoxOptions { Penalty = 5 });

        Assert.True(fit.Converged, fit.ConvergenceMessage);
        Fixtures.AssertRelative("veteran.cox.ridge5.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative("veteran.cox.ridge5.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute("veteran.cox.ridge5.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertRelative("veteran.cox.ridge5.df", [fit.DegreesOfFreedom]);
        Fixtures.AssertRelative("veteran.cox.ridge5.lrt", [fit.LikelihoodRatioTest.ChiSquare]);
        Fixtures.AssertRelative("veteran.cox.ridge5.wald", [fit.WaldTest.ChiSquare]);
        Fixtures.AssertAbsolute("veteran.cox.ridge5.concordance", [fit.Concordance.C], 1e-6);
        Assert.True(fit.PenalizedLogLikelihood < fit.LogLikelihood);
    }

    [Fact]
    public void Ridge_fit_on_ovarian_matches_R()
    {
        var table = Fixtures.Dataset("ovarian.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table, "futime", "fustat"), Fixtures.Covariates(table, "age", "ecog.ps"), new CoxOptions { Penalty = 1 });

        Fixtures.AssertRelative("ovarian.cox.ridge1.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative("ovarian.cox.ridge1.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute("ovarian.cox.ridge1.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertRelative("ovarian.cox.ridge1.df", [fit.DegreesOfFreedom]);
    }

    [Fact]
    public void Ovarian_fit_without_ties_matches_R()
    {
        var table = Fixtures.Dataset("ovarian.csv");

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table, "futime", "fustat"), Fixtures.Covariates(table, "age", "ecog.ps", "rx"));

        Fixtures.AssertRelative("ovarian.cox.efron.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative("ovarian.cox.efron.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute("ovarian.cox.efron.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertRelative("ovarian.cox.efron.score", [fit.ScoreTest.ChiSquare]);
        Fixtures.AssertRelative("ovarian.cox.efron.wald", [fit.WaldTest.ChiSquare]);
        Fixtures.AssertAbsolute("ovarian.cox.efron.concordance", [fit.Concordance.C], 1e-6);
    }

    [Theory]
    [InlineData(CoxTies.Efron, "efron")]
    [InlineData(CoxTies.Breslow, "breslow")]
    public void Colon_fit_with_a_treatment_factor_and_NA_rows_dropped_matches_R(CoxTies ties, string key)
    {
        var all = Fixtures.Dataset("colon_death.csv");
        var table = all.Rows(all.CompleteRows("time", "status", "rx", "sex", "age", "obstruct", "nodes"));
        var rx = table.Strings("rx");
        Covariate[] covariates =
        [
            new("rxLev", [.. rx.Select(r => r == "Lev" ? 1.0 : 0.0)]),
            new("rxLev+5FU", [.. rx.Select(r => r == "Lev+5FU" ? 1.0 : 0.0)]),
            .. Fixtures.Covariates(table, "sex", "age", "obstruct", "nodes"),
        ];

        var fit = CoxRegression.Fit(Fixtures.Outcomes(table), covariates, new CoxOptions { Ties = ties });

        var prefix = $"colon.cox.{key}";
        Fixtures.AssertRelative($"{prefix}.n", [fit.Count, fit.EventCount]);
        Fixtures.AssertRelative($"{prefix}.coef", fit.Coefficients.Select(c => c.Coefficient));
        Fixtures.AssertRelative($"{prefix}.se", fit.Coefficients.Select(c => c.StandardError));
        Fixtures.AssertAbsolute($"{prefix}.loglik", [fit.LogLikelihoodNull, fit.LogLikelihood], 1e-6);
        Fixtures.AssertRelative($"{prefix}.score", [fit.ScoreTest.ChiSquare]);
        Fixtures.AssertRelative($"{prefix}.wald", [fit.WaldTest.ChiSquare]);
        Fixtures.AssertAbsolute($"{prefix}.concordance", [fit.Concordance.C], 1e-6);
        Fixtures.AssertAbsolute($"{prefix}.means", fit.Means, 1e-9);
    }
}
