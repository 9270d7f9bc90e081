using CohortGrid.Client;
using CohortGrid.Dashboard.Cohorts;
using CohortGrid.Dashboard.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CohortGrid.Dashboard.Pages;

/// <summary>
/// <c>/cohorts/{id}</c>: progress (live), every slide, the slide viewer, the survival and expression results and
/// every result file. dashboard.js polls the status API and reloads the result sections (<c>?handler=Fragment</c>)
/// when slides complete.
/// </summary>
public sealed class CohortModel(CohortService cohorts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    /// <summary>The slide shown in the viewer (query <c>slide</c>); the first with a thumbnail otherwise.</summary>
    [BindProperty(Name = "slide", SupportsGet = true)]
    public string? SelectedSlide { get; set; }

    /// <summary>The heatmap shown over it (query <c>overlay</c>: <c>risk</c>, <c>attention</c>, <c>gene:NAME</c>); none when empty.</summary>
    [BindProperty(Name = "overlay", SupportsGet = true)]
    public string? SelectedOverlay { get; set; }

    public CohortStatus Status { get; private set; } = new() { Id = "" };

    public CohortResults? Results { get; private set; }

    /// <summary>Every result file so far (all the <c>files</c> section needs).</summary>
    public IReadOnlyList<ResultFile> Files { get; private set; } = [];

    public CohortView View { get; private set; } = CohortView.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync().ConfigureAwait(false))
        {
            return NotFound();
        }

        return Page();
    }

    /// <summary>
    /// One section alone (<c>part</c>: <c>results</c> or <c>files</c>), for dashboard.js to swap in without reloading
    /// the page.
    /// </summary>
    public async Task<IActionResult> OnGetFragmentAsync(string? part)
    {
        var filesOnly = part == "files";
        if (!await LoadAsync(withResults: !filesOnly).ConfigureAwait(false))
        {
            return NotFound();
        }

        return Partial(filesOnly ? "_CohortFiles" : "_CohortResults", this);
    }

    public async Task<IActionResult> OnPostCancelAsync()
    {
        if (await cohorts.CancelAsync(Id).ConfigureAwait(false) is null)
        {
            return NotFound();
        }

        return LocalRedirect($"/cohorts/{Uri.EscapeDataString(Id)}");
    }

    // The files section is refreshed on its own and needs only the listing; the headline results read and parse
    // several files.
    private async Task<bool> LoadAsync(bool withResults = true)
    {
        if (await cohorts.GetStatusAsync(Id).ConfigureAwait(false) is not { } status)
        {
            return false;
        }

        Status = status;
        if (!withResults)
        {
            Files = await cohorts.ListFilesAsync(Id, HttpContext.RequestAborted).ConfigureAwait(false);
            return true;
        }

        Results = await cohorts.GetResultsAsync(Id, status.State, HttpContext.RequestAborted).ConfigureAwait(false);
        Files = Results.Files;
        // "overlay=" (none) differs from no overlay parameter (the default heatmap).
        var overlay = Request.Query.ContainsKey("overlay") ? SelectedOverlay ?? "" : null;
        View = CohortView.Build(status, Files, SelectedSlide, overlay);
        return true;
    }
}
