using System.Globalization;
using CohortGrid.Client;

namespace CohortGrid.Cli.Commands;

/// <summary>The text the cohort commands print: status tables, summaries and headline figures.</summary>
internal static class CohortReport
{
    public static string Summary(CohortStatus status) => string.Create(
        CultureInfo.InvariantCulture,
        $"Cohort {status.Id} ({status.Name}) {status.State}: {status.SlidesCompleted} of {status.SlidesTotal} slides done, {status.SlidesFailed} failed, {status.SlidesRunning} running; {status.TilesDone}/{status.TilesTotal} tiles; {status.ElapsedSeconds:0.0} s.");

    public static void WriteStatus(TextWriter writer, CohortStatus status)
    {
        writer.WriteLine(Summary(status));
        if (!string.IsNullOrWhiteSpace(status.Message))
        {
            writer.WriteLine(status.Message);
        }

        var table = new TextTable("slide", "state", "tiles", "reason");
        foreach (var slide in status.Slides)
        {
            table.Add(
                slide.SlideId,
                slide.State.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{slide.TilesDone}/{slide.TilesTotal}"),
                slide.ErrorReason is null ? "" : $"{slide.ErrorReason}: {slide.ErrorMessage}");
        }

        table.Write(writer);
    }

    /// <summary>The finished cohort: a summary line and each failed slide with its reason.</summary>
    public static void WriteOutcome(TextWriter writer, CohortStatus status)
    {
        writer.WriteLine(Summary(status));
        foreach (var slide in status.Slides.Where(s => s.State == SlideState.Failed))
        {
            writer.WriteLine($"  {slide.SlideId}: {slide.ErrorReason}: {slide.ErrorMessage}");
        }
    }

    public static void WriteList(TextWriter writer, IReadOnlyList<CohortSummary> cohorts)
    {
        var table = new TextTable("id", "state", "slides", "failed", "progress", "submitted", "name");
        foreach (var cohort in cohorts)
        {
            table.Add(
                cohort.Id,
                cohort.State.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{cohort.SlidesCompleted}/{cohort.SlidesTotal}"),
                cohort.SlidesFailed.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{cohort.Progress * 100:0}%"),
                cohort.SubmittedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                cohort.Name);
        }

        table.Write(writer);
    }

    /// <summary>Survival and expression headline figures, and the analysis error when there is one.</summary>
    public static void WriteHeadlines(TextWriter writer, CohortResults results)
    {
        writer.WriteLine($"Cohort {results.Id}: {results.State}");
        if (results.Survival is { } survival)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Survival ({survival.Role}): {survival.Patients} patients, {survival.Events} events, C-index {Number(survival.CIndex, "0.000")} (95% CI {Number(survival.CIndexLower, "0.000")}-{Number(survival.CIndexUpper, "0.000")}), log-rank p {Number(survival.LogRankP, "0.####")}"));
            foreach (var group in survival.Groups)
            {
                writer.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {group.Group}: {group.Patients} patients, {group.Events} events, median survival {Number(group.MedianSurvival, "0.0")}"));
            }
        }

        if (results.Expression is { } expression)
        {
            var top = expression.TopGenes.Take(5).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Gene} r={Number(g.PearsonR, "0.00")}"));
            writer.WriteLine($"Expression ({expression.Role}): best predicted genes {string.Join(", ", top)}");
        }

        if (results.Survival is null && results.Expression is null)
        {
            writer.WriteLine("No survival or expression analysis (the cohort had no outcomes or expression).");
        }

        if (results.AnalysisError is { } error)
        {
            writer.WriteLine($"Analysis failed: {error}");
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
}
