using System.Globalization;
using System.Text.Json;
using CohortGrid.Analytics.Survival;

namespace CohortGrid.Cli.Commands;

/// <summary>Text and JSON output of the survival commands. Undefined values print as NA in text and null in JSON.</summary>
internal static class SurvivalReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string FitText(SurvivalInput input, CoxFit fit, string? strata)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine($"Cox proportional hazards: {input.Table.Name}, n = {fit.Count}, events = {fit.EventCount}, ties {Ties(fit)}");
        text.WriteLine($"event coding {input.Coding}; {Dropped(input)}");
        if (strata is not null)
        {
            text.WriteLine($"strata: {strata} ({string.Join(", ", fit.Strata)})");
        }

        if (fit.Options.Penalty > 0)
        {
            text.WriteLine($"ridge penalty {F(fit.Options.Penalty)} (raw scale), effective df {F(fit.DegreesOfFreedom, "0.###")}, penalized log-likelihood {F(fit.PenalizedLogLikelihood, "0.######")}");
        }

        text.WriteLine();
        var table = new TextTable("covariate", "coef", "exp(coef)", "se(coef)", "z", "p", "lower .95", "upper .95");
        foreach (var c in fit.Coefficients)
        {
            table.Add(c.Name, F(c.Coefficient), F(c.HazardRatio), F(c.StandardError), F(c.Z, "0.###"), P(c.P), F(c.HazardRatioLower), F(c.HazardRatioUpper));
        }

        table.Write(text);
        text.WriteLine();
        text.WriteLine($"log-likelihood: null {F(fit.LogLikelihoodNull, "0.######")}, fitted {F(fit.LogLikelihood, "0.######")}");
        text.WriteLine($"likelihood ratio test: {Test(fit.LikelihoodRatioTest)}");
        text.WriteLine($"wald test: {Test(fit.WaldTest)}");
        text.WriteLine($"score (log-rank) test: {Test(fit.ScoreTest)}");
        var c0 = fit.Concordance;
        text.WriteLine($"concordance: {F(c0.C, "0.######")} ({c0.Concordant} concordant, {c0.Discordant} discordant, {c0.TiedRisk} tied on risk)");
        text.WriteLine(fit.Converged ? $"converged in {fit.Iterations} iterations" : $"NOT CONVERGED after {fit.Iterations} iterations: {fit.ConvergenceMessage}");
        return text.ToString();
    }

    public static string FitJson(SurvivalInput input, CoxFit fit, string? strata) => Json(new
    {
        File = input.Table.Name,
        fit.Count,
        Events = fit.EventCount,
        EventCoding = input.Coding,
        RowsDropped = input.Dropped,
        Ties = Ties(fit),
        Strata = strata,
        StrataLevels = fit.Strata,
        Penalty = fit.Options.Penalty,
        Coefficients = fit.Coefficients.Select(c => new
        {
            c.Name,
            Coef = N(c.Coefficient),
            HazardRatio = N(c.HazardRatio),
            Se = N(c.StandardError),
            Z = N(c.Z),
            P = N(c.P),
            Lower95 = N(c.HazardRatioLower),
            Upper95 = N(c.HazardRatioUpper),
        }),
        LogLikNull = fit.LogLikelihoodNull,
        LogLik = fit.LogLikelihood,
        PenalizedLogLik = fit.PenalizedLogLikelihood,
        Df = fit.DegreesOfFreedom,
        LikelihoodRatioTest = TestJson(fit.LikelihoodRatioTest),
        WaldTest = TestJson(fit.WaldTest),
        ScoreTest = TestJson(fit.ScoreTest),
        Concordance = new { C = N(fit.Concordance.C), fit.Concordance.Concordant, fit.Concordance.Discordant, fit.Concordance.TiedRisk },
        fit.Iterations,
        fit.Converged,
        fit.ConvergenceMessage,
    });

    public static string KaplanMeierText(SurvivalInput input, IReadOnlyList<KaplanMeierCurve> curves, string? group, double[]? times)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var options = curves[0].Options;
        text.WriteLine($"Kaplan-Meier: {input.Table.Name}, conf-type {ConfType(options.ConfidenceType)}, level {F(options.ConfidenceLevel)}; event coding {input.Coding}; {Dropped(input)}");
        foreach (var curve in curves)
        {
            text.WriteLine();
            var name = group is null ? "all" : $"{group}={curve.Group}";
            text.WriteLine($"{name}: n = {curve.Count}, events = {curve.EventCount}, median {F(curve.Median)} ({F(options.ConfidenceLevel * 100, "0.#")}% CI {F(curve.MedianLower)} to {F(curve.MedianUpper)})");
            var table = new TextTable("time", "n.risk", "n.event", "n.censor", "survival", "std.err", "lower", "upper");
            foreach (var step in Rows(curve, times))
            {
                table.Add(F(step.Time), I(step.AtRisk), I(step.Events), I(step.Censored), F(step.Survival, "0.######"), F(step.StdErr, "0.######"), F(step.Lower, "0.######"), F(step.Upper, "0.######"));
            }

            table.Write(text);
        }

        return text.ToString();
    }

    public static string KaplanMeierJson(SurvivalInput input, IReadOnlyList<KaplanMeierCurve> curves, string? group, double[]? times) => Json(new
    {
        File = input.Table.Name,
        EventCoding = input.Coding,
        RowsDropped = input.Dropped,
        ConfType = ConfType(curves[0].Options.ConfidenceType),
        ConfLevel = curves[0].Options.ConfidenceLevel,
        Group = group,
        Curves = curves.Select(curve => new
        {
            curve.Group,
            curve.Count,
            Events = curve.EventCount,
            Median = N(curve.Median),
            MedianLower = N(curve.MedianLower),
            MedianUpper = N(curve.MedianUpper),
            Steps = Rows(curve, times).Select(s => new
            {
                s.Time,
                NRisk = s.AtRisk,
                NEvent = s.Events,
                NCensor = s.Censored,
                Survival = s.Survival,
                StdErr = N(s.StdErr),
                StdErrLog = N(s.StdErrLog),
                Lower = N(s.Lower),
                Upper = N(s.Upper),
            }),
        }),
    });

    public static string LogRankText(SurvivalInput input, LogRankResult result, string group)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine($"Log-rank test: {input.Table.Name}, groups from {group}; event coding {input.Coding}; {Dropped(input)}");
        text.WriteLine();
        var table = new TextTable("group", "N", "observed", "expected", "(O-E)^2/E", "(O-E)^2/V");
        foreach (var g in result.Groups)
        {
            table.Add(g.Group, I(g.Count), I(g.Observed), F(g.Expected), F(g.ObservedMinusExpectedSquaredOverExpected, "0.###"), F(g.ObservedMinusExpectedSquaredOverVariance, "0.###"));
        }

        table.Write(text);
        text.WriteLine();
        text.WriteLine($"chi-square {F(result.ChiSquare)} on {result.DegreesOfFreedom} df, p = {P(result.P)}");
        return text.ToString();
    }

    public static string LogRankJson(SurvivalInput input, LogRankResult result, string group) => Json(new
    {
        File = input.Table.Name,
        EventCoding = input.Coding,
        RowsDropped = input.Dropped,
        Group = group,
        result.ChiSquare,
        Df = result.DegreesOfFreedom,
        P = N(result.P),
        Groups = result.Groups.Select(g => new { g.Group, N = g.Count, g.Observed, g.Expected, g.Variance }),
    });

    /// <summary>Every step, or R's summary(fit, times = ...): n.event and n.censor counted since the previous requested time.</summary>
    private static IEnumerable<KaplanMeierStep> Rows(KaplanMeierCurve curve, double[]? times)
    {
        if (times is null)
        {
            foreach (var step in curve.Steps)
            {
                yield return step;
            }

            yield break;
        }

        var previousEvents = 0;
        var previousCensored = 0;
        foreach (var time in times)
        {
            var step = curve.At(time);
            yield return step with { Events = step.Events - previousEvents, Censored = step.Censored - previousCensored };
            previousEvents = step.Events;
            previousCensored = step.Censored;
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonOptions) + Environment.NewLine;

    private static object TestJson(ChiSquareTest test) => new { test.ChiSquare, Df = test.DegreesOfFreedom, P = N(test.P) };

    private static string Test(ChiSquareTest test) => $"{F(test.ChiSquare, "0.####")} on {F(test.DegreesOfFreedom, "0.##")} df, p = {P(test.P)}";

    private static string Ties(CoxFit fit) => fit.Options.Ties == CoxTies.Breslow ? "breslow" : "efron";

    private static string ConfType(ConfidenceIntervalType type) => type switch
    {
        ConfidenceIntervalType.LogLog => "log-log",
        ConfidenceIntervalType.Plain => "plain",
        _ => "log",
    };

    private static string Dropped(SurvivalInput input) =>
        input.Dropped == 1 ? "1 row dropped for NA" : $"{input.Dropped} rows dropped for NA";

    private static double? N(double value) => double.IsFinite(value) ? value : null;

    private static string F(double value, string format = "G6") =>
        double.IsNaN(value) ? "NA" : double.IsPositiveInfinity(value) ? "Inf" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string P(double value) => double.IsNaN(value) ? "NA" : value.ToString(value < 1e-4 ? "0.##e+00" : "G3", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
