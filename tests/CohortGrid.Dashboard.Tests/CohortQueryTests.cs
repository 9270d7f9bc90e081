using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Tests;

/// <summary>Listing, status, results, result files and cancelling, against a cohort the cluster really ran.</summary>
public sealed class CohortQueryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Status_lists_every_slide_with_tiles_and_the_counts()
    {
        using var client = factory.CreateAuthorizedClient();
        var status = await client.WaitForFinishAsync(await SubmitAsync(client, "status", 3));

        Assert.Equal(Wire.CohortState.Completed, status.State);
        Assert.Equal((3, 3, 0, 0), (status.SlidesTotal, status.SlidesCompleted, status.SlidesFailed, status.SlidesRunning));
        Assert.Equal(["s1", "s2", "s3"], status.Slides.Select(s => s.SlideId));
        Assert.Equal(status.Slides.Sum(s => s.TilesTotal), status.TilesTotal);
        Assert.Equal(status.TilesTotal, status.TilesDone);
        Assert.True(status.TilesPerSecond > 0);
        Assert.Null(status.EtaSeconds);
        Assert.NotNull(status.CompletedAt);
        Assert.All(status.Slides, s => Assert.Equal(1, s.Attempts));
    }

    [Fact]
    public async Task List_shows_submitted_cohorts_newest_first()
    {
        using var client = factory.CreateAuthorizedClient();
        var first = await SubmitAsync(client, "older", 1);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        var second = await SubmitAsync(client, "newer", 2);

        var list = (await client.GetFromJsonAsync<List<Wire.CohortSummary>>("/api/cohorts", ApiJson.Options, TestContext.Current.CancellationToken))!;
        var ids = list.Select(c => c.Id).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first));
        Assert.Equal("newer", list.Single(c => c.Id == second).Name);
    }

    [Fact]
    public async Task Unknown_cohort_is_404_problem_on_every_cohort_route()
    {
        using var client = factory.CreateAuthorizedClient();
        foreach (var (method, path) in new[] { ("GET", "/api/cohorts/nope"), ("GET", "/api/cohorts/nope/results"), ("DELETE", "/api/cohorts/nope"), ("GET", "/api/cohorts/nope/files/status.json") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Results_list_every_file_with_a_working_link()
    {
        using var client = factory.CreateAuthorizedClient();
        var id = await SubmitAsync(client, "results", 2);
        await client.WaitForFinishAsync(id);

        var results = (await client.GetFromJsonAsync<Wire.CohortResults>($"/api/cohorts/{id}/results", ApiJson.Options, TestContext.Current.CancellationToken))!;
        var paths = results.Files.Select(f => f.Path).ToList();
        Assert.Contains("manifest.json", paths);
        Assert.Contains("status.json", paths);
        Assert.Contains("slide_vectors.parquet", paths);
        Assert.Contains("slides/s1/features.h5", paths);
        Assert.Contains("slides/s2/thumbnail.png", paths);
        Assert.Null(results.Survival);

        var thumbnail = results.Files.Single(f => f.Path == "slides/s2/thumbnail.png");
        using var response = await client.GetAsync(thumbnail.Url, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(thumbnail.Size, bytes.Length);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task File_paths_cannot_leave_the_cohort()
    {
        using var client = factory.CreateAuthorizedClient();
        var id = await SubmitAsync(client, "escape", 1);
        await client.WaitForFinishAsync(id);

        // HttpClient removes dot segments before sending, so the request is built on the server side as it would arrive
        // from a client that does not (curl --path-as-is).
        foreach (var path in new[] { "../../grainstate/x.json", "slides/../../other/status.json", "slides/../status.json", "./status.json" })
        {
            var context = await factory.Server.SendAsync(
                c =>
                {
                    c.Request.Method = "GET";
                    c.Request.Path = $"/api/cohorts/{id}/files/{path}";
                    c.Request.Headers.Authorization = $"Bearer {ApiFactory.Key}";
                },
                TestContext.Current.CancellationToken);
            Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        }

        using var plain = await client.GetAsync($"/api/cohorts/{id}/files/status.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task Cancelling_stops_scheduling_and_keeps_finished_slides()
    {
        using var client = factory.CreateAuthorizedClient();
        var id = await SubmitAsync(client, "cancel me", 4);
        using var response = await client.DeleteAsync($"/api/cohorts/{id}", TestContext.Current.CancellationToken);
        var status = await response.ReadAsync<Wire.CohortStatus>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Wire.CohortState.Cancelled, status.State);
        Assert.True(status.IsFinished);
        Assert.All(status.Slides, s => Assert.Contains(s.State, new[] { Wire.SlideState.Completed, Wire.SlideState.Cancelled }));

        // Cancelling again changes nothing; completed slides still have their files.
        var again = await (await client.DeleteAsync($"/api/cohorts/{id}", TestContext.Current.CancellationToken)).ReadAsync<Wire.CohortStatus>();
        Assert.Equal(Wire.CohortState.Cancelled, again.State);
        var results = (await client.GetFromJsonAsync<Wire.CohortResults>($"/api/cohorts/{id}/results", ApiJson.Options, TestContext.Current.CancellationToken))!;
        foreach (var slide in status.Slides.Where(s => s.State == Wire.SlideState.Completed))
        {
            Assert.Contains($"slides/{slide.SlideId}/features.h5", results.Files.Select(f => f.Path));
        }
    }

    private async Task<string> SubmitAsync(HttpClient client, string name, int slides)
    {
        using var response = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, name, slides), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadAsync<Wire.CohortStatus>()).Id;
    }
}
