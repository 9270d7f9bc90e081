using CohortGrid.Client;
using CohortGrid.Dashboard.Cohorts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CohortGrid.Dashboard.Pages;

/// <summary><c>/</c>: every cohort, newest first, with live progress (dashboard.js polls the API).</summary>
public sealed class IndexModel(CohortService cohorts) : PageModel
{
    public IReadOnlyList<CohortStatus> Rows { get; private set; } = [];

    public async Task OnGetAsync() => Rows = await cohorts.ListStatusesAsync().ConfigureAwait(false);
}
