using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.Grains;
using CohortGrid.Grains.Services;
using CohortGrid.Inference;
using CohortGrid.Storage.Formats;
using Microsoft.Extensions.Options;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cohorts;

/// <summary>
/// What the API and the dashboard do with cohorts, over the cluster's grains and the results store; both front ends
/// call this, so they cannot disagree.
/// </summary>
public sealed class CohortService(IGrainFactory grains, ResultStore results, SlideSources sources, IOptions<CohortGridOptions> options, TimeProvider time)
{
    private readonly StatusCoalescer<string, Contracts.CohortStatus> _polls = new(time, TimeSpan.FromMilliseconds(250), StringComparer.Ordinal);

    /// <summary>Checks a draft fully: its own problems, every location, the cohort id and whether the cohort exists.</summary>
    internal async Task<(Wire.ValidationReport Report, CohortSubmission? Submission)> ValidateAsync(SubmissionDraft draft)
    {
        // Reading and validation problems together, without repeating a cell that could not be read.
        var problems = draft.RequestProblems.ToList();
        problems.AddRange(draft.Read.Validate(sources.Problem).Select(p => p.ToWire()));
        var encoder = draft.EncoderId ?? options.Value.DefaultEncoderId;
        if (EncoderProblem(encoder) is { } encoderProblem)
        {
            problems.Add(encoderProblem);
        }

        if (draft.CohortId is { } chosen && !SubmissionReader.IsValidCohortId(chosen))
        {
            problems.Add(SubmissionReader.Problem("bad-cohort-id", "cohortId", $"Cohort id '{chosen}' must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }

        var submission = new CohortSubmission(draft.Manifest, encoder, draft.Analysis);
        var id = draft.CohortId ?? submission.DefaultCohortId();
        var exists = false;
        if (SubmissionReader.IsValidCohortId(id))
        {
            exists = await GetGrainStatusAsync(id).ConfigureAwait(false) is not null;
        }

        var report = new Wire.ValidationReport
        {
            IsValid = problems.Count == 0,
            CohortId = id,
            Exists = exists,
            Name = draft.Manifest.Name,
            Slides = draft.Manifest.Slides.Count,
            Patients = draft.Manifest.Slides.Select(s => s.PatientId).Distinct(StringComparer.Ordinal).Count(),
            PatientsWithOutcome = draft.Manifest.Clinical.Count(c => c.Time is not null && c.Event is not null),
            Genes = draft.Manifest.Expression?.Genes.Count ?? 0,
            EncoderId = encoder,
            Problems = problems,
        };
        return (report, problems.Count == 0 ? submission : null);
    }

    /// <summary>Starts a validated submission; <c>Created</c> is false when the identical cohort already existed.</summary>
    /// <exception cref="ArgumentException">A cohort with that id exists with another manifest.</exception>
    internal async Task<(Wire.CohortStatus Status, bool Created)> SubmitAsync(string cohortId, CohortSubmission submission)
    {
        var existed = await GetGrainStatusAsync(cohortId).ConfigureAwait(false) is not null;
        var status = await grains.GetGrain<ICohortGrain>(cohortId).Submit(submission).ConfigureAwait(false);

        // After the call: a poll during it could otherwise cache the status from before (a 404 for a new cohort).
        _polls.Forget(cohortId);
        return (status.ToWire(time.GetUtcNow()), !existed);
    }

    /// <summary>The status researchers poll; concurrent polls of one cohort share a grain call (<see cref="StatusCoalescer{TKey, TValue}"/>).</summary>
    public async Task<Wire.CohortStatus?> GetStatusAsync(string cohortId)
    {
        var status = await _polls.GetAsync(cohortId, () => grains.GetGrain<ICohortGrain>(cohortId).GetStatus()).ConfigureAwait(false);
        return status.SubmittedAt == default ? null : status.ToWire(time.GetUtcNow());
    }

    public async Task<IReadOnlyList<Wire.CohortSummary>> ListAsync() =>
        [.. (await ListGrainStatusesAsync().ConfigureAwait(false)).Select(s => s.ToSummary())];

    /// <summary>Every cohort's full status, newest first: the dashboard's list shows elapsed time and ETA, which summaries lack.</summary>
    internal async Task<IReadOnlyList<Wire.CohortStatus>> ListStatusesAsync()
    {
        var statuses = await ListGrainStatusesAsync().ConfigureAwait(false);
        var now = time.GetUtcNow();
        return [.. statuses.Select(s => s.ToWire(now))];
    }

    /// <summary>Stops scheduling; finished slides and their results are kept. Null when there is no such cohort.</summary>
    public async Task<Wire.CohortStatus?> CancelAsync(string cohortId)
    {
        if (await GetGrainStatusAsync(cohortId).ConfigureAwait(false) is null)
        {
            return null;
        }

        var cancelled = await grains.GetGrain<ICohortGrain>(cohortId).Cancel().ConfigureAwait(false);
        _polls.Forget(cohortId);
        return cancelled.ToWire(time.GetUtcNow());
    }

    /// <summary>The headline figures and every result file so far; null when there is no such cohort.</summary>
    public async Task<Wire.CohortResults?> GetResultsAsync(string cohortId, CancellationToken cancellationToken) =>
        await GetGrainStatusAsync(cohortId).ConfigureAwait(false) is { } status
            ? await GetResultsAsync(cohortId, (Wire.CohortState)status.State, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>The results of a cohort whose state the caller has already read (the cohort page has its status).</summary>
    internal async Task<Wire.CohortResults> GetResultsAsync(string cohortId, Wire.CohortState state, CancellationToken cancellationToken)
    {
        var files = await ListFilesAsync(cohortId, cancellationToken).ConfigureAwait(false);
        var prefix = ResultStore.CohortPrefix(cohortId);
        return new Wire.CohortResults
        {
            Id = cohortId,
            State = state,
            Survival = await ReadSurvivalAsync(prefix, cancellationToken).ConfigureAwait(false),
            Expression = await ReadExpressionAsync(prefix, cancellationToken).ConfigureAwait(false),
            AnalysisError = await ReadAnalysisErrorAsync(prefix, cancellationToken).ConfigureAwait(false),
            Files = files,
        };
    }

    /// <summary>Every result file of a cohort so far, by path.</summary>
    internal async Task<IReadOnlyList<Wire.ResultFile>> ListFilesAsync(string cohortId, CancellationToken cancellationToken)
    {
        var prefix = ResultStore.CohortPrefix(cohortId);
        var files = new List<Wire.ResultFile>();
        await foreach (var item in results.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var path = item.Name[prefix.Length..];
            files.Add(new Wire.ResultFile(path, item.Size, ResultContentTypes.For(path), FileUrl(cohortId, path)));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// The tile encoders of the models folder, by file name (what a submission's <c>encoderId</c> names and GPU silos
    /// load): cards that load as tile encoders; heads and broken cards are left out.
    /// </summary>
    internal IReadOnlyList<string> KnownEncoders()
    {
        var models = Path.GetFullPath(options.Value.ModelsDirectory);
        if (!Directory.Exists(models))
        {
            return [];
        }

        var found = new List<string>();
        foreach (var card in Directory.EnumerateFiles(models, "*" + ModelCard.FileSuffix))
        {
            try
            {
                if (ModelCard.Load(card).Kind == ModelKind.TileEncoder)
                {
                    found.Add(Path.GetFileName(card)[..^ModelCard.FileSuffix.Length]);
                }
            }
            catch (Exception ex) when (ex is ModelCardException or IOException or UnauthorizedAccessException)
            {
                // A broken card is the model loader's to report when a cohort names it.
            }
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>Opens one result file of a cohort; null when the path names none.</summary>
    public async Task<Storage.Blobs.BlobDownload?> OpenFileAsync(string cohortId, string path, CancellationToken cancellationToken)
    {
        // Blob names are flat strings, but a '..' segment must still never reach another cohort's files.
        if (path.Length == 0 || path.Split('/').Any(s => s is "" or "." or "..") || path.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        return await results.OpenReadAsync(ResultStore.CohortPrefix(cohortId) + path, cancellationToken).ConfigureAwait(false);
    }

    public static string FileUrl(string cohortId, string path) =>
        $"/api/cohorts/{Uri.EscapeDataString(cohortId)}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    private async Task<IEnumerable<Contracts.CohortStatus>> ListGrainStatusesAsync()
    {
        var ids = await grains.GetGrain<ICohortRegistryGrain>(0).List().ConfigureAwait(false);
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICohortGrain>(id).GetStatus())).ConfigureAwait(false);
        return statuses.Where(s => s.SubmittedAt != default).OrderByDescending(s => s.SubmittedAt);
    }

    private async Task<Contracts.CohortStatus?> GetGrainStatusAsync(string cohortId)
    {
        var status = await grains.GetGrain<ICohortGrain>(cohortId).GetStatus().ConfigureAwait(false);
        return status.SubmittedAt == default ? null : status;
    }

    // The models folder is only visible where the API shares a file system with GPU silos (the single-node default);
    // elsewhere an unknown encoder shows as failed slides, with the reason.
    private Wire.ManifestProblem? EncoderProblem(string encoderId)
    {
        var models = Path.GetFullPath(options.Value.ModelsDirectory);
        if (!Directory.Exists(models) || File.Exists(Path.Combine(models, encoderId + ModelCard.FileSuffix)))
        {
            return null;
        }

        return SubmissionReader.Problem("unknown-encoder", "encoderId", $"Encoder '{encoderId}' has no model card in the models folder; known encoders: {string.Join(", ", KnownEncoders())}.");
    }

    private async Task<Wire.SurvivalSummary?> ReadSurvivalAsync(string prefix, CancellationToken cancellationToken)
    {
        if (await results.ReadAsync(prefix + "survival.json", cancellationToken).ConfigureAwait(false) is not { } blob)
        {
            return null;
        }

        using var document = JsonDocument.Parse(blob.Content);
        var root = document.RootElement;
        var cIndex = root.GetProperty("cIndex");
        var groups = root.TryGetProperty("curves", out var curves)
            ? curves.EnumerateArray().Select(c => new Wire.RiskGroupSummary(
                c.GetProperty("group").GetString() ?? "all",
                c.GetProperty("count").GetInt32(),
                c.GetProperty("events").GetInt32(),
                Number(c, "median"))).ToList()
            : [];
        return new Wire.SurvivalSummary(
            root.GetProperty("role").GetString() ?? "",
            root.GetProperty("patients").GetInt32(),
            root.GetProperty("events").GetInt32(),
            Number(cIndex, "c"),
            Number(cIndex, "lower"),
            Number(cIndex, "upper"),
            root.TryGetProperty("logRank", out var logRank) && logRank.ValueKind == JsonValueKind.Object ? Number(logRank, "p") : null,
            groups);
    }

    private async Task<Wire.ExpressionSummary?> ReadExpressionAsync(string prefix, CancellationToken cancellationToken)
    {
        if (await results.ReadAsync(prefix + "expression.parquet", cancellationToken).ConfigureAwait(false) is not { } blob)
        {
            return null;
        }

        using var stream = new MemoryStream(blob.Content.ToArray());
        var rows = await ExpressionMetricsFile.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        var top = rows.Where(r => r.R is not null).OrderByDescending(r => r.R).Concat(rows.Where(r => r.R is null)).Take(20);

        // A cohort that named frozen heads validates them; otherwise it trained its own.
        var submission = await results.ReadJsonAsync<CohortSubmission>(prefix + "manifest.json", cancellationToken).ConfigureAwait(false);
        var role = submission?.Analysis?.HeadId is null ? "training" : "validation";
        return new Wire.ExpressionSummary(role, [.. top.Select(g => new Wire.GeneSummary(g.Gene, g.R, g.P))]);
    }

    private async Task<string?> ReadAnalysisErrorAsync(string prefix, CancellationToken cancellationToken)
    {
        var error = await results.ReadAsync(prefix + "analysis_error.json", cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(error.Content);
        return document.RootElement.TryGetProperty("error", out var message) ? message.GetString() : document.RootElement.GetRawText();
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
