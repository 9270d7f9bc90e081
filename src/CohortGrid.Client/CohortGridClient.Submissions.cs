using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CohortGrid.Client;

public sealed partial class CohortGridClient
{
    /// <summary>
    /// Submits a cohort as JSON (<c>POST /api/cohorts</c>). Without a chosen <see cref="CohortSubmissionRequest.CohortId"/>
    /// the id derives from the content, so submitting the same cohort again returns the existing one
    /// (<see cref="SubmittedCohort.Created"/> false): safe to repeat, and retried on transient failures.
    /// </summary>
    /// <param name="request">The cohort.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status, and whether this call created the cohort.</returns>
    /// <exception cref="CohortValidationException">The cohort has problems; each is listed with its table, row and column.</exception>
    /// <exception cref="CohortGridException">409 when the chosen id belongs to another cohort; 413 when too large.</exception>
    /// <exception cref="CohortGridRateLimitException">Too many submissions with this key.</exception>
    public Task<SubmittedCohort> SubmitAsync(CohortSubmissionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostSubmissionAsync(JsonContent.Create(request, options: CohortGridJson.Options), cancellationToken);
    }

    /// <summary>
    /// Submits a cohort as CSV files: the manifest (<c>slide_id, patient_id, path[, mpp]</c> with absolute paths under
    /// the server's allowed roots), and optionally the clinical (<c>patient_id, time, event, covariates…</c>) and
    /// expression (<c>slide_id, gene…</c>) tables. Idempotent by content like <see cref="SubmitAsync"/>.
    /// </summary>
    /// <param name="manifestPath">The manifest CSV file.</param>
    /// <param name="clinicalPath">The clinical CSV file; null or empty for none.</param>
    /// <param name="expressionPath">The expression CSV file; null or empty for none.</param>
    /// <param name="options">Name, encoder, id and analysis choices.</param>
    /// <param name="cancellationToken">Cancels reading and the request.</param>
    /// <returns>The status, and whether this call created the cohort.</returns>
    /// <exception cref="CohortValidationException">The cohort has problems; each is listed with its table, row and column.</exception>
    public async Task<SubmittedCohort> SubmitCsvAsync(string manifestPath, string? clinicalPath = null, string? expressionPath = null, CsvSubmissionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var form = await CsvForm.FromFilesAsync(manifestPath, clinicalPath, expressionPath, options, cancellationToken).ConfigureAwait(false);
        return await PostSubmissionAsync(form, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits a cohort as CSV streams; see <see cref="SubmitCsvAsync(string, string?, string?, CsvSubmissionOptions?, CancellationToken)"/>.</summary>
    /// <param name="manifest">The manifest CSV (read to its end, not disposed).</param>
    /// <param name="clinical">The clinical CSV, if any.</param>
    /// <param name="expression">The expression CSV, if any.</param>
    /// <param name="options">Name, encoder, id and analysis choices.</param>
    /// <param name="cancellationToken">Cancels reading and the request.</param>
    /// <returns>The status, and whether this call created the cohort.</returns>
    /// <exception cref="CohortValidationException">The cohort has problems; each is listed with its table, row and column.</exception>
    public async Task<SubmittedCohort> SubmitCsvAsync(Stream manifest, Stream? clinical = null, Stream? expression = null, CsvSubmissionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var form = await CsvForm.FromStreamsAsync(manifest, clinical, expression, options, cancellationToken).ConfigureAwait(false);
        return await PostSubmissionAsync(form, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a cohort completely without starting anything (<c>POST /api/cohorts/validate</c>): every problem at once,
    /// the id it would get and whether it exists already. An invalid cohort is a report, not an exception.
    /// </summary>
    /// <param name="request">The cohort.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The report.</returns>
    public async Task<ValidationReport> ValidateAsync(CohortSubmissionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PostValidationAsync(JsonContent.Create(request, options: CohortGridJson.Options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a cohort given as CSV files without starting anything; see <see cref="ValidateAsync"/>.</summary>
    /// <param name="manifestPath">The manifest CSV file.</param>
    /// <param name="clinicalPath">The clinical CSV file; null or empty for none.</param>
    /// <param name="expressionPath">The expression CSV file; null or empty for none.</param>
    /// <param name="options">Name, encoder, id and analysis choices.</param>
    /// <param name="cancellationToken">Cancels reading and the request.</param>
    /// <returns>The report.</returns>
    public async Task<ValidationReport> ValidateCsvAsync(string manifestPath, string? clinicalPath = null, string? expressionPath = null, CsvSubmissionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var form = await CsvForm.FromFilesAsync(manifestPath, clinicalPath, expressionPath, options, cancellationToken).ConfigureAwait(false);
        return await PostValidationAsync(form, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a cohort given as CSV streams without starting anything; see <see cref="ValidateAsync"/>.</summary>
    /// <param name="manifest">The manifest CSV (read to its end, not disposed).</param>
    /// <param name="clinical">The clinical CSV, if any.</param>
    /// <param name="expression">The expression CSV, if any.</param>
    /// <param name="options">Name, encoder, id and analysis choices.</param>
    /// <param name="cancellationToken">Cancels reading and the request.</param>
    /// <returns>The report.</returns>
    public async Task<ValidationReport> ValidateCsvAsync(Stream manifest, Stream? clinical = null, Stream? expression = null, CsvSubmissionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var form = await CsvForm.FromStreamsAsync(manifest, clinical, expression, options, cancellationToken).ConfigureAwait(false);
        return await PostValidationAsync(form, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmittedCohort> PostSubmissionAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/cohorts", content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var status = await ReadJsonAsync<CohortStatus>(response, cancellationToken).ConfigureAwait(false);
        return new SubmittedCohort(status, response.StatusCode == HttpStatusCode.Accepted);
    }

    private Task<ValidationReport> PostValidationAsync(HttpContent content, CancellationToken cancellationToken) =>
        SendJsonAsync<ValidationReport>(HttpMethod.Post, "api/cohorts/validate", content, cancellationToken);

    /// <summary>
    /// The multipart form the server reads: files <c>manifest</c>, <c>clinical</c>, <c>expression</c> and fields
    /// <c>name</c>, <c>encoderId</c>, <c>cohortId</c>, <c>expressionIsLog</c>, <c>analysis</c> (JSON). The files are held
    /// in memory, so a retried request sends them again unchanged.
    /// </summary>
    private static class CsvForm
    {
        public static async Task<MultipartFormDataContent> FromFilesAsync(string manifestPath, string? clinicalPath, string? expressionPath, CsvSubmissionOptions? options, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
            return Build(
                (await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false), Path.GetFileName(manifestPath)),
                string.IsNullOrWhiteSpace(clinicalPath) ? null : (await File.ReadAllBytesAsync(clinicalPath, cancellationToken).ConfigureAwait(false), Path.GetFileName(clinicalPath)),
                string.IsNullOrWhiteSpace(expressionPath) ? null : (await File.ReadAllBytesAsync(expressionPath, cancellationToken).ConfigureAwait(false), Path.GetFileName(expressionPath)),
                options);
        }

        public static async Task<MultipartFormDataContent> FromStreamsAsync(Stream manifest, Stream? clinical, Stream? expression, CsvSubmissionOptions? options, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(manifest);
            return Build(
                (await ReadStreamAsync(manifest, cancellationToken).ConfigureAwait(false), "manifest.csv"),
                clinical is null ? null : (await ReadStreamAsync(clinical, cancellationToken).ConfigureAwait(false), "clinical.csv"),
                expression is null ? null : (await ReadStreamAsync(expression, cancellationToken).ConfigureAwait(false), "expression.csv"),
                options);
        }

        private static MultipartFormDataContent Build((byte[] Bytes, string FileName) manifest, (byte[] Bytes, string FileName)? clinical, (byte[] Bytes, string FileName)? expression, CsvSubmissionOptions? options)
        {
            var form = new MultipartFormDataContent();
            AddFile(form, "manifest", manifest);
            if (clinical is { } c)
            {
                AddFile(form, "clinical", c);
            }

            if (expression is { } e)
            {
                AddFile(form, "expression", e);
            }

            options ??= new CsvSubmissionOptions();
            AddField(form, "name", options.Name);
            AddField(form, "encoderId", options.EncoderId);
            AddField(form, "cohortId", options.CohortId);
            AddField(form, "expressionIsLog", options.ExpressionIsLogTransformed ? "true" : null);
            AddField(form, "analysis", options.Analysis is null ? null : JsonSerializer.Serialize(options.Analysis, CohortGridJson.Options));
            return form;
        }

        private static void AddFile(MultipartFormDataContent form, string name, (byte[] Bytes, string FileName) file)
        {
            var content = new ByteArrayContent(file.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
            form.Add(content, name, string.IsNullOrEmpty(file.FileName) ? name + ".csv" : file.FileName);
        }

        private static void AddField(MultipartFormDataContent form, string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                form.Add(new StringContent(value), name);
            }
        }

        private static async Task<byte[]> ReadStreamAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
