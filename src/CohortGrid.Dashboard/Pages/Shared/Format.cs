using System.Globalization;
using CohortGrid.Client;

namespace CohortGrid.Dashboard.Pages.Shared;

/// <summary>
/// How the dashboard writes numbers, times and states. <c>wwwroot/dashboard.js</c> repeats <see cref="Duration"/>,
/// <see cref="Percent"/>, <see cref="Progress"/> and <see cref="State(CohortState)"/> for live updates: change both together.
/// </summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"—" for unknown, else "42 s", "3 min 05 s" or "2 h 07 min".</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } value || double.IsNaN(value) || value < 0)
        {
            return "—";
        }

        var total = (long)Math.Round(value);
        if (total < 60)
        {
            return $"{total} s";
        }

        return total < 3600
            ? string.Create(Invariant, $"{total / 60} min {total % 60:00} s")
            : string.Create(Invariant, $"{total / 3600} h {total % 3600 / 60:00} min");
    }

    /// <summary>A fraction 0–1 as a whole percentage ("42%"); never 100% before it is 1.</summary>
    public static string Percent(double fraction) => string.Create(Invariant, $"{PercentValue(fraction)}%");

    /// <summary>A fraction 0–1 as a whole number 0–100 (what a progress bar's aria-valuenow holds).</summary>
    public static int PercentValue(double fraction) => fraction >= 1 ? 100 : (int)Math.Floor(Math.Clamp(fraction, 0, 1) * 100);

    /// <summary>
    /// The fraction a progress bar shows: the API's, except that a cancelled cohort (which the API counts as done)
    /// shows the share of slides that finished.
    /// </summary>
    public static double Progress(CohortState state, double progress, int slidesDone, int slidesTotal) =>
        state == CohortState.Cancelled && slidesTotal > 0 ? Math.Min(0.999, (double)slidesDone / slidesTotal) : progress;

    public static string State(CohortState state) => state switch
    {
        CohortState.WaitingForGpu => "Waiting for GPU",
        CohortState.CompletedWithErrors => "Completed with errors",
        _ => state.ToString(),
    };

    public static string State(SlideState state) => state.ToString();

    /// <summary>The CSS modifier of a state badge: <c>ok</c>, <c>warn</c>, <c>bad</c>, <c>run</c> or <c>idle</c>.</summary>
    public static string Tone(CohortState state) => state switch
    {
        CohortState.Completed => "ok",
        CohortState.CompletedWithErrors or CohortState.WaitingForGpu => "warn",
        CohortState.Cancelled => "idle",
        CohortState.Running => "run",
        _ => "idle",
    };

    public static string Tone(SlideState state) => state switch
    {
        SlideState.Completed => "ok",
        SlideState.Failed => "bad",
        SlideState.Running => "run",
        _ => "idle",
    };

    /// <summary>A number with <paramref name="digits"/> decimals, or "—".</summary>
    public static string Number(double? value, int digits = 2) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + digits.ToString(Invariant), Invariant) : "—";

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A p-value as "p = 0.031", "p = 2.1e-05" or "p &lt; 1e-300"; "p not available" when unknown.</summary>
    public static string P(double? p) => p is { } value && !double.IsNaN(value)
        ? value <= 0 ? "p < 1e-300" : "p = " + PValue(value)
        : "p not available";

    /// <summary>A p-value alone: "0.031", "2.1e-05", "&lt; 1e-300" or "—".</summary>
    public static string PValue(double? p) => p switch
    {
        null or double.NaN => "—",
        <= 0 => "< 1e-300",
        >= 0.001 => p.Value.ToString("0.###", Invariant),
        _ => p.Value.ToString("0.0e+00", Invariant),
    };

    /// <summary>A C-index with its confidence interval: "0.74 (95% CI 0.66–0.81)".</summary>
    public static string CIndex(double? c, double? lower, double? upper) =>
        lower is null || upper is null ? Number(c) : $"{Number(c)} (95% CI {Number(lower)}–{Number(upper)})";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(Invariant, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(Invariant, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    /// <summary>UTC time as "2026-05-04 13:07:21 UTC", or "—".</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t && t != default ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant) : "—";

    /// <summary>Machine-readable time for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("O", Invariant) : "";
}
