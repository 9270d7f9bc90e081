using System.Net;
using System.Net.Http.Json;
using System.Text;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Tests;

/// <summary>POST /api/cohorts as JSON, CSV and a multipart form; idempotent re-posting; ids in use.</summary>
public sealed class SubmitCohortTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Json_cohort_is_accepted_with_location_and_runs_to_completion()
    {
        using var client = factory.CreateAuthorizedClient();
        using var response = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "json cohort"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await response.ReadAsync<Wire.CohortStatus>();
        Assert.Equal($"/api/cohorts/{status.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(2, status.SlidesTotal);

        var final = await client.WaitForFinishAsync(status.Id);
        Assert.Equal(Wire.CohortState.Completed, final.State);
        Assert.Equal(1, final.Progress);
        Assert.All(final.Slides, s => Assert.True(s.TilesDone > 0 && s.TilesDone == s.TilesTotal));
    }

    [Fact]
    public async Task Reposting_the_identical_manifest_returns_the_existing_cohort()
    {
        using var client = factory.CreateAuthorizedClient();
        var cohort = ApiJson.Cohort(factory, "twice", slides: 1);
        using var first = await client.PostAsJsonAsync("/api/cohorts", cohort, TestContext.Current.CancellationToken);
        using var second = await client.PostAsJsonAsync("/api/cohorts", cohort, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadAsync<Wire.CohortStatus>()).Id, (await second.ReadAsync<Wire.CohortStatus>()).Id);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task Csv_body_with_name_in_the_query_is_accepted()
    {
        using var client = factory.CreateAuthorizedClient();
        using var content = new StringContent(ApiJson.ManifestCsv(factory, 2), Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync("/api/cohorts?name=csv%20cohort", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await response.ReadAsync<Wire.CohortStatus>();
        Assert.Equal("csv cohort", status.Name);
        Assert.Equal(["s1", "s2"], status.Slides.Select(s => s.SlideId));
    }

    [Fact]
    public async Task Multipart_form_with_manifest_and_clinical_files_is_accepted()
    {
        using var client = factory.CreateAuthorizedClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ApiJson.ManifestCsv(factory, 2)), "manifest", "manifest.csv" },
            { new StringContent("patient_id,time,event,age\np1,100,1,60\np2,250,0,71\n"), "clinical", "clinical.csv" },
            { new StringContent("form cohort"), "name" },
        };
        using var response = await client.PostAsync("/api/cohorts", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await response.ReadAsync<Wire.CohortStatus>();
        Assert.Equal("form cohort", status.Name);
    }

    [Fact]
    public async Task Chosen_cohort_id_in_use_by_another_manifest_is_409()
    {
        using var client = factory.CreateAuthorizedClient();
        using var first = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "mine", 1) with { CohortId = "my-study" }, TestContext.Current.CancellationToken);
        using var second = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "mine", 2) with { CohortId = "my-study" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("my-study", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_content_types_are_415_naming_the_accepted_ones()
    {
        using var client = factory.CreateAuthorizedClient();
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/zip");
        using var response = await client.PostAsync("/api/cohorts", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/csv", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_500()
    {
        using var client = factory.CreateAuthorizedClient();
        using var content = new StringContent("{\"name\": \"x\", \"slides\": [ {", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/cohorts", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await response.ProblemsAsync(), p => p.Code == "bad-json");
    }

    [Fact]
    public async Task Unknown_encoder_is_reported_with_the_known_ones()
    {
        using var client = factory.CreateAuthorizedClient();
        using var response = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "enc") with { EncoderId = "uni-v9" }, TestContext.Current.CancellationToken);

        var problem = Assert.Single(await response.ProblemsAsync());
        Assert.Equal("unknown-encoder", problem.Code);
        Assert.Contains("tiny-cnn-encoder", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_analysis_options_are_reported_before_anything_runs()
    {
        using var client = factory.CreateAuthorizedClient();
        var cohort = ApiJson.Cohort(factory, "analysis") with { Analysis = new Wire.AnalysisRequest { SlideAggregation = "median-ish", Folds = 1 } };
        using var response = await client.PostAsJsonAsync("/api/cohorts", cohort, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = await response.ProblemsAsync();
        Assert.Contains(problems, p => p.Column == "analysis.slideAggregation");
        Assert.Contains(problems, p => p.Column == "analysis.folds");
    }
}
