using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CohortGrid.Contracts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cohorts;

/// <summary>
/// Turns a request into a submission: JSON (<see cref="Wire.CohortSubmissionRequest"/>), a CSV body (<c>text/csv</c>,
/// options in the query) or a multipart form with <c>manifest</c>, <c>clinical</c> and <c>expression</c> CSV files.
/// Every problem is collected, none thrown; the caller adds the location and cohort checks.
/// </summary>
internal sealed partial class SubmissionReader(IOptions<JsonOptions> json, IOptions<Auth.ApiOptions> api)
{
    public async Task<SubmissionDraft> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = api.Value.MaxUploadBytes;
        if (request.ContentLength > limit)
        {
            throw new UploadTooLargeException(limit);
        }

        var type = request.ContentType ?? "";
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return FromJson(await ReadBodyAsync(request.Body, limit, cancellationToken).ConfigureAwait(false));
        }

        if (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            var csv = Encoding.UTF8.GetString(await ReadBodyAsync(request.Body, limit, cancellationToken).ConfigureAwait(false));
            var query = request.Query;
            return FromCsv(csv, null, null, query["name"], query["encoderId"], query["cohortId"], IsTrue(query["expressionIsLog"]), query["analysis"]);
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var manifest = await FormTextAsync(form, "manifest", limit, cancellationToken).ConfigureAwait(false);
            if (manifest is null)
            {
                return SubmissionDraft.Failed(Problem("missing-manifest", "manifest", "The form has no 'manifest' file (the slide table as CSV)."));
            }

            return FromCsv(
                manifest,
                await FormTextAsync(form, "clinical", limit, cancellationToken).ConfigureAwait(false),
                await FormTextAsync(form, "expression", limit, cancellationToken).ConfigureAwait(false),
                form["name"],
                form["encoderId"],
                form["cohortId"],
                IsTrue(form["expressionIsLog"]),
                form["analysis"]);
        }

        throw new UnsupportedSubmissionTypeException(type);
    }

    private SubmissionDraft FromJson(byte[] body)
    {
        Wire.CohortSubmissionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<Wire.CohortSubmissionRequest>(body, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return SubmissionDraft.Failed(Problem("bad-json", ex.Path, $"The body is not a valid cohort: {ex.Message}"));
        }

        if (request is null)
        {
            return SubmissionDraft.Failed(Problem("bad-json", null, "The body is empty; send a cohort as JSON."));
        }

        var manifest = new CohortManifest
        {
            Name = request.Name,
            Slides = [.. request.Slides.Select(s => new Contracts.ManifestSlide(s.SlideId ?? "", s.PatientId ?? "", s.Location ?? "", s.Mpp))],
            Clinical = [.. request.Clinical.Select(c => new Contracts.ClinicalRecord(c.PatientId ?? "", c.Time, c.Event, new Dictionary<string, double>(c.Covariates ?? new Dictionary<string, double>(), StringComparer.Ordinal)))],
            Expression = request.Expression is { } e
                ? new Contracts.ExpressionTable([.. e.Genes], [.. e.Rows.Select(r => new Contracts.ExpressionRow(r.SlideId ?? "", [.. r.Values ?? []]))], e.IsLogTransformed)
                : null,
        };
        var problems = new List<Wire.ManifestProblem>();
        var analysis = Analysis(request.Analysis, problems);
        return new SubmissionDraft(new ManifestReadResult(manifest, []), NullIfBlank(request.EncoderId), NullIfBlank(request.CohortId), analysis, problems);
    }

    private SubmissionDraft FromCsv(string manifestCsv, string? clinicalCsv, string? expressionCsv, string? name, string? encoderId, string? cohortId, bool expressionIsLog, string? analysisJson)
    {
        var read = ManifestCsv.Parse(manifestCsv, clinicalCsv, expressionCsv, new ManifestCsvOptions
        {
            Name = string.IsNullOrWhiteSpace(name) ? "uploaded cohort" : name.Trim(),
            ExpressionIsLogTransformed = expressionIsLog,
        });
        var problems = new List<Wire.ManifestProblem>();
        Wire.AnalysisRequest? analysis = null;
        if (!string.IsNullOrWhiteSpace(analysisJson))
        {
            try
            {
                analysis = JsonSerializer.Deserialize<Wire.AnalysisRequest>(analysisJson, json.Value.SerializerOptions);
            }
            catch (JsonException ex)
            {
                problems.Add(Problem("bad-json", "analysis", $"The analysis options are not valid JSON: {ex.Message}"));
            }
        }

        return new SubmissionDraft(read, NullIfBlank(encoderId), NullIfBlank(cohortId), Analysis(analysis, problems), problems);
    }

    /// <summary>Server defaults for what the request leaves out; unknown choices are problems, found now rather than when the slides are done.</summary>
    private static AnalysisOptions? Analysis(Wire.AnalysisRequest? request, List<Wire.ManifestProblem> problems)
    {
        if (request is null)
        {
            return null;
        }

        var defaults = new AnalysisOptions();
        var options = new AnalysisOptions
        {
            HeadId = NullIfBlank(request.HeadId),
            SlideAggregation = request.SlideAggregation ?? defaults.SlideAggregation,
            PatientAggregation = request.PatientAggregation ?? defaults.PatientAggregation,
            TopK = request.TopK ?? defaults.TopK,
            Folds = request.Folds ?? defaults.Folds,
            RiskGroups = request.RiskGroups ?? defaults.RiskGroups,
            ClinicalCovariates = [.. request.ClinicalCovariates ?? []],
            AttentionHeadId = NullIfBlank(request.AttentionHeadId),
            SlideHeadId = NullIfBlank(request.SlideHeadId),
            Seed = request.Seed ?? defaults.Seed,
        };
        Choice(options.SlideAggregation, "slideAggregation", problems, "mean", "attention", "top-k");
        Choice(options.PatientAggregation, "patientAggregation", problems, "mean-vector", "max-risk", "mean-risk");
        Choice(options.RiskGroups, "riskGroups", problems, "tertiles", "median");
        if (options.SlideAggregation == "attention" && options.AttentionHeadId is null)
        {
            problems.Add(Problem("bad-option", "analysis.attentionHeadId", "Attention aggregation needs analysis.attentionHeadId (a linear attention head's model card id)."));
        }

        if (options.TopK < 1)
        {
            problems.Add(Problem("bad-option", "analysis.topK", $"analysis.topK is {options.TopK}; it must be at least 1."));
        }

        if (options.Folds is < 2 or > 20)
        {
            problems.Add(Problem("bad-option", "analysis.folds", $"analysis.folds is {options.Folds}; it must be between 2 and 20."));
        }

        return options;
    }

    private static void Choice(string value, string name, List<Wire.ManifestProblem> problems, params string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            problems.Add(Problem("bad-option", $"analysis.{name}", $"analysis.{name} is '{value}'; it must be one of: {string.Join(", ", allowed)}."));
        }
    }

    public static Wire.ManifestProblem Problem(string code, string? column, string message) => new("request", null, column, code, message);

    public static bool IsValidCohortId(string id) => CohortIdPattern().IsMatch(id);

    private static async Task<string?> FormTextAsync(IFormCollection form, string name, long limit, CancellationToken cancellationToken)
    {
        if (form.Files.GetFile(name) is { } file)
        {
            await using var stream = file.OpenReadStream();
            return Encoding.UTF8.GetString(await ReadBodyAsync(stream, limit, cancellationToken).ConfigureAwait(false));
        }

        return form.TryGetValue(name, out var text) && !string.IsNullOrWhiteSpace(text) ? text.ToString() : null;
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new UploadTooLargeException(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsTrue(string? value) => value is { Length: > 0 } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" || v.Equals("on", StringComparison.OrdinalIgnoreCase));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
    private static partial Regex CohortIdPattern();
}

/// <summary>
/// A request read into a manifest (with the problems reading its tables found) and options (with the problems of the
/// request itself).
/// </summary>
internal sealed record SubmissionDraft(ManifestReadResult Read, string? EncoderId, string? CohortId, AnalysisOptions? Analysis, IReadOnlyList<Wire.ManifestProblem> RequestProblems)
{
    public CohortManifest Manifest => Read.Manifest;

    public static SubmissionDraft Failed(Wire.ManifestProblem problem) => new(new ManifestReadResult(new CohortManifest(), []), null, null, null, [problem]);
}

/// <summary>The body is larger than <c>Api:MaxUploadBytes</c>.</summary>
internal sealed class UploadTooLargeException(long limit) : Exception($"The upload is larger than the limit of {limit / (1 << 20)} MiB (Api:MaxUploadBytes).");

/// <summary>The body is neither JSON, CSV nor a multipart form.</summary>
internal sealed class UnsupportedSubmissionTypeException(string contentType)
    : Exception($"Content type '{contentType}' is not accepted: send application/json, text/csv or multipart/form-data with a 'manifest' file.");
