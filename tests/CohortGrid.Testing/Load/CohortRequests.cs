using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

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
    /// <summary>The slides of a manifest CSV with columns <c>slide_id,patient_id,path</c> (what <c>--sample</c> writes to <c>{data}/sample/manifest.csv</c>).</summary>
    public static IReadOnlyList<LoadSlide> ReadManifest(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path} has no column '{name}'.");
        var (slide, patient, location) = (Column("slide_id"), Column("patient_id"), Column("path"));
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => new LoadSlide(f[slide], f[patient], f[location]))];
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
