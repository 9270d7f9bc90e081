using CohortGrid.Client;
using CohortGrid.Dashboard.Cohorts;
using CohortGrid.Grains;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CohortGrid.Dashboard.Pages;

/// <summary>
/// <c>/submit</c>: upload a manifest (and optional clinical and expression tables); Validate shows every problem without
/// starting anything, Start submits a valid cohort and opens its page. Reads the form as the API does
/// (<see cref="SubmissionReader"/>), so the page and <c>POST /api/cohorts</c> cannot disagree.
/// </summary>
public sealed class SubmitModel(CohortService cohorts, IOptions<CohortGridOptions> options) : PageModel
{
    public IReadOnlyList<string> Encoders { get; private set; } = [];

    public string DefaultEncoder => options.Value.DefaultEncoderId;

    public ValidationReport? Report { get; private set; }

    /// <summary>The name typed before a full-page validation, kept in the field (files cannot be kept).</summary>
    public string? Name => Request.HasFormContentType ? Request.Form["name"].ToString() : null;

    /// <summary>Why the upload could not be read at all (too large, not a form).</summary>
    public string? Error { get; private set; }

    public void OnGet() => Encoders = ListEncoders();

    /// <summary>Validates only. dashboard.js posts here with <c>X-Requested-With: fetch</c> and gets the report alone.</summary>
    public async Task<IActionResult> OnPostValidateAsync()
    {
        await ReadAsync().ConfigureAwait(false);
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return Partial("_ValidationReport", this);
        }

        Encoders = ListEncoders();
        return Page();
    }

    /// <summary>Validates and, when the cohort is valid, starts it and opens its page; otherwise shows the problems.</summary>
    public async Task<IActionResult> OnPostStartAsync()
    {
        var submission = await ReadAsync().ConfigureAwait(false);
        if (submission is not null && Report?.CohortId is { } id)
        {
            try
            {
                var (status, _) = await cohorts.SubmitAsync(id, submission).ConfigureAwait(false);
                return LocalRedirect($"/cohorts/{Uri.EscapeDataString(status.Id)}");
            }
            catch (ArgumentException ex)
            {
                Error = ex.Message;
            }
        }

        Encoders = ListEncoders();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<Contracts.CohortSubmission?> ReadAsync()
    {
        var reader = HttpContext.RequestServices.GetRequiredService<SubmissionReader>();
        SubmissionDraft draft;
        try
        {
            draft = await reader.ReadAsync(Request, HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UploadTooLargeException or UnsupportedSubmissionTypeException or InvalidDataException or BadHttpRequestException or IOException)
        {
            Error = ex.Message;
            return null;
        }

        var (report, submission) = await cohorts.ValidateAsync(draft).ConfigureAwait(false);
        Report = report;
        return submission;
    }

    // The default is offered even when this process cannot see the models folder (GPU silos elsewhere).
    private List<string> ListEncoders()
    {
        var found = cohorts.KnownEncoders().ToList();
        if (!found.Contains(DefaultEncoder, StringComparer.Ordinal))
        {
            found.Add(DefaultEncoder);
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }
}
