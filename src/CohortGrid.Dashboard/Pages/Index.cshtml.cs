using CohortGrid.Client;
using CohortGrid.Dashboard.Cohorts;
using CohortGrid.Dashboard.Pages.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CohortGrid.Dashboard.Pages;

/// <summary><c>/</c>: every cohort, newest first, with live progress (dashboard.js polls the API).</summary>
public sealed class IndexModel(CohortService cohorts, TimeProvider time) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var now = time.GetUtcNow();
        var summaries = await cohorts.ListAsync().ConfigureAwait(false);

        // Only running cohorts have an ETA; finished ones need no second call.
        var running = await Task.WhenAll(summaries.Where(s => !IsFinished(s.State)).Select(s => cohorts.GetStatusAsync(s.Id))).ConfigureAwait(false);
        var byId = running.Where(s => s is not null).ToDictionary(s => s!.Id, s => s!, StringComparer.Ordinal);
        Rows = [.. summaries.Select(s => new Row(s, byId.TryGetValue(s.Id, out var status) ? status.ElapsedSeconds : Format.Elapsed(s.SubmittedAt, s.CompletedAt, now), byId.GetValueOrDefault(s.Id)?.EtaSeconds))];
    }

    public static bool IsFinished(CohortState state) => state is CohortState.Completed or CohortState.CompletedWithErrors or CohortState.Cancelled;

    /// <summary>One cohort of the table.</summary>
    public sealed record Row(CohortSummary Cohort, double ElapsedSeconds, double? EtaSeconds);
}
