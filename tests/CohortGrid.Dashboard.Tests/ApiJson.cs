using System.Net.Http.Json;
using System.Text.Json;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Tests;

/// <summary>Reading the API's answers the way any client would: camelCase JSON, enums as names.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Options, TestContext.Current.CancellationToken))!;

    public static async Task<IReadOnlyList<Wire.ManifestProblem>> ProblemsAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.GetProperty("problems").Deserialize<List<Wire.ManifestProblem>>(Options)!;
    }

    /// <summary>Polls the cohort until it is finished (a minute at most).</summary>
    public static async Task<Wire.CohortStatus> WaitForFinishAsync(this HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (await client.GetFromJsonAsync<Wire.CohortStatus>($"/api/cohorts/{id}", Options, TestContext.Current.CancellationToken))!;
            if (status.IsFinished || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static Wire.CohortSubmissionRequest Cohort(ApiFactory factory, string name, int slides = 2) => new()
    {
        Name = name,
        Slides = [.. factory.Slides.Take(slides).Select((path, i) => new Wire.ManifestSlide($"s{i + 1}", $"p{i + 1}", path))],
    };

    public static string ManifestCsv(ApiFactory factory, int slides = 2) =>
        "slide_id,patient_id,path\n" + string.Concat(factory.Slides.Take(slides).Select((path, i) => $"s{i + 1},p{i + 1},{path}\n"));
}
