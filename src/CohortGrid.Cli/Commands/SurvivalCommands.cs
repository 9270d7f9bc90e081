using System.CommandLine;
using System.Globalization;
using CohortGrid.Analytics.Survival;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid survival fit|km|logrank</c>: Cox regression, Kaplan–Meier curves and log-rank tests on a clinical
/// CSV, with R's conventions (rows with NA in a used column dropped, events coded 0/1 or 1/2).
/// </summary>
internal static class SurvivalCommands
{
    public static Command Create(CliConsole console)
    {
        var survival = new Command("survival", "Survival statistics on a clinical table (Cox, Kaplan-Meier, log-rank), agreeing with R's survival package.");
        survival.Subcommands.Add(Fit(console));
        survival.Subcommands.Add(KaplanMeierCommand(console));
        survival.Subcommands.Add(LogRankCommand(console));
        return survival;
    }

    private static Command Fit(CliConsole console)
    {
        var (csv, time, status, json) = Common();
        var covariates = new Option<string>("--covariates") { Description = "Comma-separated numeric covariate columns, e.g. age,sex,ph.ecog.", Required = true };
        var ties = new Option<string>("--ties") { Description = "Tie handling: efron (R's default) or breslow.", DefaultValueFactory = _ => "efron" };
        ties.AcceptOnlyFromAmong("efron", "breslow");
        var strata = new Option<string?>("--strata") { Description = "Column whose values get separate baseline hazards." };
        var penalty = new Option<double>("--penalty") { Description = "Ridge penalty λ: maximise loglik − λ/2·Σβ² on the raw covariate scale (R's ridge(..., theta = λ, scale = FALSE)).", DefaultValueFactory = _ => 0 };
        var command = new Command("fit", "Fit a Cox proportional-hazards model and print coefficients, hazard ratios, tests and concordance.")
        {
            csv, time, status, covariates, ties, strata, penalty, json,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            var names = SplitList(parse.GetValue(covariates)!);
            var strataColumn = parse.GetValue(strata);
            var table = SurvivalCsv.Load(parse.GetValue(csv)!);
            var input = SurvivalInput.Load(table, parse.GetValue(time)!, parse.GetValue(status)!, [.. names, strataColumn]);
            var options = new CoxOptions
            {
                Ties = parse.GetValue(ties) == "breslow" ? CoxTies.Breslow : CoxTies.Efron,
                Penalty = parse.GetValue(penalty),
            };
            var fit = CoxRegression.Fit(
                input.Data,
                [.. names.Select(n => new Covariate(n, input.Numbers(n)))],
                options,
                strataColumn is null ? null : input.Texts(strataColumn));
            if (!fit.Converged)
            {
                console.Error.WriteLine($"cohortgrid: warning: the Cox fit did not converge: {fit.ConvergenceMessage}");
            }

            console.Out.Write(parse.GetValue(json) ? SurvivalReport.FitJson(input, fit, strataColumn) : SurvivalReport.FitText(input, fit, strataColumn));
            return 0;
        }));
        return command;
    }

    private static Command KaplanMeierCommand(CliConsole console)
    {
        var (csv, time, status, json) = Common();
        var group = new Option<string?>("--group") { Description = "Column to split the curves by." };
        var at = new Option<string?>("--at") { Description = "Comma-separated times to report (as R's summary(fit, times = ...)); default: every distinct time." };
        var confType = new Option<string>("--conf-type") { Description = "Confidence interval transform: log (R's default), log-log or plain.", DefaultValueFactory = _ => "log" };
        confType.AcceptOnlyFromAmong("log", "log-log", "plain");
        var level = new Option<double>("--conf-level") { Description = "Confidence level.", DefaultValueFactory = _ => 0.95 };
        var command = new Command("km", "Kaplan-Meier survival curves with Greenwood standard errors, confidence intervals and medians.")
        {
            csv, time, status, group, at, confType, level, json,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            var groupColumn = parse.GetValue(group);
            var times = parse.GetValue(at) is { } list ? SplitList(list).Select(t => ParseTime(t)).Order().ToArray() : null;
            var table = SurvivalCsv.Load(parse.GetValue(csv)!);
            var input = SurvivalInput.Load(table, parse.GetValue(time)!, parse.GetValue(status)!, groupColumn);
            var options = new KaplanMeierOptions
            {
                ConfidenceType = parse.GetValue(confType) switch
                {
                    "log-log" => ConfidenceIntervalType.LogLog,
                    "plain" => ConfidenceIntervalType.Plain,
                    _ => ConfidenceIntervalType.Log,
                },
                ConfidenceLevel = parse.GetValue(level),
            };
            var curves = groupColumn is null
                ? [KaplanMeier.Fit(input.Data, options)]
                : KaplanMeier.FitGroups(input.Data, input.Texts(groupColumn), options);
            console.Out.Write(parse.GetValue(json)
                ? SurvivalReport.KaplanMeierJson(input, curves, groupColumn, times)
                : SurvivalReport.KaplanMeierText(input, curves, groupColumn, times));
            return 0;
        }));
        return command;
    }

    private static Command LogRankCommand(CliConsole console)
    {
        var (csv, time, status, json) = Common();
        var group = new Option<string>("--group") { Description = "Column holding the groups to compare.", Required = true };
        var strata = new Option<string?>("--strata") { Description = "Column to stratify by (O, E and V summed over strata)." };
        var command = new Command("logrank", "Log-rank test of survival differences between groups (R's survdiff).")
        {
            csv, time, status, group, strata, json,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            var groupColumn = parse.GetValue(group)!;
            var strataColumn = parse.GetValue(strata);
            var table = SurvivalCsv.Load(parse.GetValue(csv)!);
            var input = SurvivalInput.Load(table, parse.GetValue(time)!, parse.GetValue(status)!, groupColumn, strataColumn);
            var result = LogRank.Test(input.Data, input.Texts(groupColumn), strataColumn is null ? null : input.Texts(strataColumn));
            console.Out.Write(parse.GetValue(json) ? SurvivalReport.LogRankJson(input, result, groupColumn) : SurvivalReport.LogRankText(input, result, groupColumn));
            return 0;
        }));
        return command;
    }

    private static (Option<FileInfo> Csv, Option<string> Time, Option<string> Event, Option<bool> Json) Common() =>
    (
        new Option<FileInfo>("--csv") { Description = "Clinical table: CSV with a header row; empty or NA = missing.", Required = true },
        new Option<string>("--time") { Description = "Follow-up time column.", Required = true },
        new Option<string>("--event") { Description = "Event column: 0/1 (1 = event) or R's 1/2 (2 = event).", Required = true },
        SlideOptions.Json()
    );

    private static string[] SplitList(string list)
    {
        var items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Length > 0 ? items : throw new ArgumentException($"'{list}' names nothing: give a comma-separated list.");
    }

    private static double ParseTime(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--at: '{text}' is not a number.");
}
