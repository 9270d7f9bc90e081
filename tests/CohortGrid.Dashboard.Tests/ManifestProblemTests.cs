using System.Net;
using System.Net.Http.Json;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Tests;

/// <summary>
/// A bad manifest is a 400 problem listing every issue with its table, row and column: one case per kind of mistake
/// researchers make, and all of them at once. Never a 500, and nothing is started.
/// </summary>
public sealed class ManifestProblemTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string?, string, string, int?, string?> Cases => new()
    {
        // name, clinical CSV, manifest CSV ({0} = first slide path, {1} = second), expected table, row, column, code appended below
        { "missing column", null, "slide_id,path\ns1,{0}\n", "manifest", null, "patient_id" },
        { "duplicate slide id", null, "slide_id,patient_id,path\ns1,p1,{0}\ns1,p2,{1}\n", "manifest", 2, "slide_id" },
        { "unknown patient in clinical table", "patient_id,time,event\np1,10,1\nghost,20,0\n", "slide_id,patient_id,path\ns1,p1,{0}\n", "clinical", 2, "patient_id" },
        { "negative time", "patient_id,time,event\np1,-5,1\n", "slide_id,patient_id,path\ns1,p1,{0}\n", "clinical", 1, "time" },
        { "event not 0 or 1", "patient_id,time,event\np1,5,2\n", "slide_id,patient_id,path\ns1,p1,{0}\n", "clinical", 1, "event" },
        { "location outside allowed roots", null, "slide_id,patient_id,path\ns1,p1,/etc/passwd\n", "manifest", 1, "location" },
        { "unparseable number", null, "slide_id,patient_id,path,mpp\ns1,p1,{0},half\n", "manifest", 1, "mpp" },
    };

    private static readonly Dictionary<string, string> ExpectedCode = new()
    {
        ["missing column"] = "missing-column",
        ["duplicate slide id"] = "duplicate-slide",
        ["unknown patient in clinical table"] = "unknown-patient",
        ["negative time"] = "negative-time",
        ["event not 0 or 1"] = "bad-event",
        ["location outside allowed roots"] = "location-refused",
        ["unparseable number"] = "not-a-number",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_manifest_mistake_gives_its_specific_problem(string name, string? clinical, string manifest, string table, int? row, string? column)
    {
        using var response = await PostFormAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, manifest, factory.Slides[0], factory.Slides[1]), clinical);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problems = await response.ProblemsAsync();
        var problem = Assert.Single(problems, p => p.Code == ExpectedCode[name]);
        Assert.Equal(table, problem.Table);
        Assert.Equal(row, problem.Row);
        Assert.Equal(column, problem.Column);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public async Task Every_problem_of_a_manifest_is_reported_at_once()
    {
        var manifest = $"slide_id,patient_id,path,mpp\ns1,p1,{factory.Slides[0]},0.5\ns1,p2,{factory.Slides[1]},\ns3,p3,/etc/shadow,abc\ns4,,relative/slide.svs,\n";
        var clinical = "patient_id,time,event\np1,-1,1\np2,30,7\nnobody,3,1\n";
        using var response = await PostFormAsync(manifest, clinical);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.ProblemsAsync()).Select(p => p.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { "duplicate-slide", "location-refused", "not-a-number", "empty-value", "relative-path", "negative-time", "bad-event", "unknown-patient" }, codes);
    }

    [Fact]
    public async Task A_rejected_manifest_starts_nothing()
    {
        using var client = factory.CreateAuthorizedClient();
        var before = await client.GetFromJsonAsync<List<Wire.CohortSummary>>("/api/cohorts", ApiJson.Options, TestContext.Current.CancellationToken);
        using var response = await PostFormAsync("slide_id,patient_id,path\ns1,p1,/etc/passwd\n", null);
        var after = await client.GetFromJsonAsync<List<Wire.CohortSummary>>("/api/cohorts", ApiJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before!.Count, after!.Count);
    }

    [Fact]
    public async Task Json_manifest_problems_carry_the_slide_index_as_row()
    {
        using var client = factory.CreateAuthorizedClient();
        var cohort = new Wire.CohortSubmissionRequest
        {
            Name = "json problems",
            Slides = [new("a", "p1", factory.Slides[0]), new("a", "p2", factory.Slides[1]), new("c", "p3", "/root/slide.svs", Mpp: 400)],
            Clinical = [new("p1", 12, 1), new("p9", 3, 0)],
        };
        using var response = await client.PostAsJsonAsync("/api/cohorts", cohort, TestContext.Current.CancellationToken);

        var problems = await response.ProblemsAsync();
        Assert.Contains(problems, p => p is { Code: "duplicate-slide", Row: 2 });
        Assert.Contains(problems, p => p is { Code: "location-refused", Row: 3 });
        Assert.Contains(problems, p => p is { Code: "mpp-out-of-range", Row: 3 });
        Assert.Contains(problems, p => p is { Code: "unknown-patient", Table: "clinical", Row: 2 });
    }

    [Fact]
    public async Task Validate_reports_problems_with_200_and_counts_a_good_cohort()
    {
        using var client = factory.CreateAuthorizedClient();
        using var bad = await client.PostAsync("/api/cohorts/validate", Form("slide_id,patient_id,path\ns1,p1,/etc/passwd\n", null), TestContext.Current.CancellationToken);
        using var good = await client.PostAsync("/api/cohorts/validate", Form(ApiJson.ManifestCsv(factory, 2), "patient_id,time,event\np1,10,1\np2,20,0\n"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badReport = await bad.ReadAsync<Wire.ValidationReport>();
        Assert.False(badReport.IsValid);
        Assert.Equal("location-refused", Assert.Single(badReport.Problems).Code);

        var goodReport = await good.ReadAsync<Wire.ValidationReport>();
        Assert.True(goodReport.IsValid);
        Assert.Equal((2, 2, 2), (goodReport.Slides, goodReport.Patients, goodReport.PatientsWithOutcome));
        Assert.False(goodReport.Exists);
        Assert.StartsWith("cohort-", goodReport.CohortId, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string manifest, string? clinical)
    {
        using var client = factory.CreateAuthorizedClient();
        return await client.PostAsync("/api/cohorts", Form(manifest, clinical), TestContext.Current.CancellationToken);
    }

    private static MultipartFormDataContent Form(string manifest, string? clinical)
    {
        var form = new MultipartFormDataContent { { new StringContent(manifest), "manifest", "manifest.csv" } };
        if (clinical is not null)
        {
            form.Add(new StringContent(clinical), "clinical", "clinical.csv");
        }

        return form;
    }
}
