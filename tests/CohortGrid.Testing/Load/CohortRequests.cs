using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.SampleData;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Testing.Load;

/// <summary>One slide of a cohort submitted by <see cref="CohortRequests.SubmitAsync"/>.</summary>
public sealed record LoadSlide(string SlideId, string PatientId, string Location);

/// <summary>The parts of <c>GET /api/cohorts/{id}</c> a load run reports.</summary>
public sealed record CohortSnapshot(string Id, string State, int SlidesTotal, int SlidesCompleted, int SlidesFailed, long TilesDone, long TilesTotal, bool IsFinished)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{State}: {SlidesCompleted}/{SlidesTotal} slides done, {SlidesFailed} failed, {TilesDone}/{TilesTotal} tiles");
}

/// <summary>
/// The few cohort calls of the REST API that load runs need, as plain JSON over an <see cref="HttpClient"/> (one from
/// <see cref="Hosting.SiloHostProcess.CreateClient"/>), so the harness does not depend on the client SDK it may measure.
/// </summary>
public static class CohortRequests
{
    /// <summary>The slides of a manifest CSV (what <c>--sample</c> writes to <c>{data}/sample/manifest.csv</c>), read as the host reads one.</summary>
    /// <exception cref="FormatException">The manifest has problems; the message lists every one.</exception>
    public static IReadOnlyList<LoadSlide> ReadManifest(string path) =>
        [.. ManifestCsv.Read(path).Slides.Select(s => new LoadSlide(s.SlideId, s.PatientId, s.Location))];

    /// <summary>The slides of a generated sample cohort, ids prefixed with <paramref name="prefix"/>, at their paths.</summary>
    public static IReadOnlyList<LoadSlide> Slides(SampleCohortResult cohort, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(cohort);
        return [.. cohort.Slides.Select(s => new LoadSlide(prefix + s.SlideId, prefix + s.PatientId, Path.Combine(cohort.Directory, s.FileName)))];
    }

    /// <summary>
    /// Submits a cohort that keeps <paramref name="host"/> embedding for a while: the slides of its sample manifest again
    /// (ids prefixed <c>sample-</c>) and new ones generated with <paramref name="generated"/> into
    /// <c>{data}/slides/{prefix}</c>, an allowed root (ids prefixed <c>{prefix}-</c>), so none comes from the feature
    /// cache. The host must have run <c>--sample</c> far enough to write the manifest. Returns the cohort id.
    /// </summary>
    public static async Task<string> SubmitBusyCohortAsync(SiloHostProcess host, HttpClient http, string name, string encoderId, string prefix, SampleCohortOptions generated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var sample = ReadManifest(Path.Combine(host.DataDirectory, "sample", "manifest.csv"));
        var fresh = SampleCohort.Generate(Path.Combine(host.DataDirectory, "slides", prefix), generated, cancellationToken);
        var slides = sample.Select(s => s with { SlideId = "sample-" + s.SlideId, PatientId = "sample-" + s.PatientId }).Concat(Slides(fresh, prefix + "-"));
        return await SubmitAsync(http, name, encoderId, slides, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/cohorts</c> with a JSON cohort; returns the cohort id. A refusal throws with the problem's text.</summary>
    public static async Task<string> SubmitAsync(HttpClient http, string name, string? encoderId, IEnumerable<LoadSlide> slides, string? cohortId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = new
        {
            name,
            encoderId,
            cohortId,
            slides = slides.Select(s => new { slideId = s.SlideId, patientId = s.PatientId, location = s.Location }).ToList(),
        };
        using var response = await http.PostAsJsonAsync(new Uri("/api/cohorts", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/cohorts answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary><c>GET /api/cohorts/{id}</c>.</summary>
    public static async Task<CohortSnapshot> GetAsync(HttpClient http, string cohortId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = await http.GetStringAsync(new Uri(StatusPollingLoad.CohortPath(cohortId), UriKind.Relative), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new CohortSnapshot(
            root.GetProperty("id").GetString()!,
            root.GetProperty("state").ValueKind == JsonValueKind.String ? root.GetProperty("state").GetString()! : root.GetProperty("state").GetRawText(),
            root.GetProperty("slidesTotal").GetInt32(),
            root.GetProperty("slidesCompleted").GetInt32(),
            root.GetProperty("slidesFailed").GetInt32(),
            root.GetProperty("tilesDone").GetInt64(),
            root.GetProperty("tilesTotal").GetInt64(),
            root.GetProperty("isFinished").GetBoolean());
    }

    /// <summary>Polls the cohort every 200 ms until <paramref name="until"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>; the message has the last status.</exception>
    public static async Task<CohortSnapshot> WaitAsync(HttpClient http, string cohortId, Func<CohortSnapshot, bool> until, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(until);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await GetAsync(http, cohortId, cancellationToken).ConfigureAwait(false);
            if (until(status))
            {
                return status;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Cohort {cohortId} is still {status} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}
