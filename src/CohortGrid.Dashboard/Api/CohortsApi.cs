using CohortGrid.Dashboard.Cohorts;
using Microsoft.AspNetCore.Http.HttpResults;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Api;

/// <summary><c>/api/cohorts</c>: submit, validate, list, follow, cancel and download.</summary>
public static class CohortsApi
{
    // The body is read by SubmissionReader, not bound, so that a wrong content type gets a problem naming the right ones
    // (content-type metadata would make routing answer 415 with no explanation).
    private const string BodyDescription =
        "Body: application/json (a CohortSubmissionRequest); text/csv (the slide manifest; name, encoderId, cohortId, expressionIsLog "
        + "and analysis (JSON) in the query); or multipart/form-data with files manifest (required), clinical and expression and "
        + "fields name, encoderId, cohortId, expressionIsLog, analysis.";

    public static RouteGroupBuilder MapCohortsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cohorts").WithTags("Cohorts");
        api.MapPost("/", SubmitAsync)
            .RequireRateLimiting(ApiRateLimits.Submissions)
            .WithSummary("Submit a cohort: JSON, a manifest CSV body, or a form with manifest, clinical and expression CSV files")
            .WithDescription(BodyDescription)
            .Produces<Wire.CohortStatus>(StatusCodes.Status202Accepted)
            .Produces<Wire.CohortStatus>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/validate", ValidateAsync)
            .WithSummary("Validate a cohort completely without starting anything")
            .WithDescription(BodyDescription)
            .Produces<Wire.ValidationReport>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/", ListAsync).WithSummary("Every cohort, newest first");
        api.MapGet("/{id}", GetAsync).WithSummary("A cohort's status with every slide, counts, tiles, rate and ETA");
        api.MapGet("/{id}/results", GetResultsAsync).WithSummary("Headline survival and expression figures and every result file");
        api.MapGet("/{id}/files/{**path}", GetFileAsync).WithSummary("Streams one result file")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", CancelAsync).WithSummary("Cancel: stops scheduling, keeps what is done");
        return api;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, SubmissionReader reader, CohortService cohorts, CancellationToken cancellationToken)
    {
        var (report, submission, error) = await ReadAndValidateAsync(request, reader, cohorts, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (submission is null)
        {
            return ManifestProblems(report);
        }

        try
        {
            var (status, created) = await cohorts.SubmitAsync(report.CohortId!, submission).ConfigureAwait(false);
            var location = $"/api/cohorts/{Uri.EscapeDataString(status.Id)}";
            return created ? TypedResults.Accepted(location, status) : Ok(location, status, request.HttpContext);
        }
        catch (ArgumentException ex)
        {
            // The chosen id belongs to a cohort with another manifest.
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Cohort id in use");
        }
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, SubmissionReader reader, CohortService cohorts, CancellationToken cancellationToken)
    {
        var (report, _, error) = await ReadAndValidateAsync(request, reader, cohorts, cancellationToken).ConfigureAwait(false);
        return error ?? TypedResults.Ok(report);
    }

    private static async Task<Ok<IReadOnlyList<Wire.CohortSummary>>> ListAsync(CohortService cohorts) =>
        TypedResults.Ok(await cohorts.ListAsync().ConfigureAwait(false));

    private static async Task<Results<Ok<Wire.CohortStatus>, ProblemHttpResult>> GetAsync(string id, CohortService cohorts) =>
        await cohorts.GetStatusAsync(id).ConfigureAwait(false) is { } status ? TypedResults.Ok(status) : NotFound(id);

    private static async Task<Results<Ok<Wire.CohortResults>, ProblemHttpResult>> GetResultsAsync(string id, CohortService cohorts, CancellationToken cancellationToken) =>
        await cohorts.GetResultsAsync(id, cancellationToken).ConfigureAwait(false) is { } results ? TypedResults.Ok(results) : NotFound(id);

    private static async Task<Results<Ok<Wire.CohortStatus>, ProblemHttpResult>> CancelAsync(string id, CohortService cohorts) =>
        await cohorts.CancelAsync(id).ConfigureAwait(false) is { } status ? TypedResults.Ok(status) : NotFound(id);

    private static async Task<IResult> GetFileAsync(string id, string path, CohortService cohorts, CancellationToken cancellationToken)
    {
        var download = await cohorts.OpenFileAsync(id, path, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            return TypedResults.Problem($"Cohort '{id}' has no result file '{path}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        // The stream is disposed by the result once sent.
        return TypedResults.Stream(
            download.Content,
            ResultContentTypes.For(path),
            fileDownloadName: path.EndsWith(".png", StringComparison.Ordinal) || path.EndsWith(".svg", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal) ? null : Path.GetFileName(path),
            lastModified: download.LastModified,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(Quoted(download.ETag)),
            enableRangeProcessing: download.Content.CanSeek);
    }

    private static async Task<(Wire.ValidationReport Report, Contracts.CohortSubmission? Submission, IResult? Error)> ReadAndValidateAsync(
        HttpRequest request, SubmissionReader reader, CohortService cohorts, CancellationToken cancellationToken)
    {
        SubmissionDraft draft;
        try
        {
            draft = await reader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (UploadTooLargeException ex)
        {
            return (new Wire.ValidationReport(), null, TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large"));
        }
        catch (UnsupportedSubmissionTypeException ex)
        {
            return (new Wire.ValidationReport(), null, TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type"));
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            // A malformed or oversized multipart body.
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return (new Wire.ValidationReport(), null, TypedResults.Problem($"The request body could not be read: {ex.Message}", statusCode: status, title: "Unreadable request"));
        }

        var (report, submission) = await cohorts.ValidateAsync(draft).ConfigureAwait(false);
        return (report, submission, null);
    }

    private static ProblemHttpResult ManifestProblems(Wire.ValidationReport report) => TypedResults.Problem(
        detail: $"The cohort has {report.Problems.Count} problem(s); each is listed under 'problems' with its table, row and column.",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid cohort",
        type: "https://cohortgrid.dev/problems/invalid-cohort",
        extensions: new Dictionary<string, object?> { ["problems"] = report.Problems, ["cohortId"] = report.CohortId });

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no cohort '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static IResult Ok(string location, Wire.CohortStatus status, HttpContext context)
    {
        context.Response.Headers.Location = location;
        return TypedResults.Ok(status);
    }

    private static string Quoted(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
