using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CohortGrid.Dashboard.Tests;

/// <summary>Every API route wants a valid key; the health probe, the OpenAPI document and the sign-in page do not.</summary>
public sealed class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/cohorts" },
        { "POST", "/api/cohorts" },
        { "POST", "/api/cohorts/validate" },
        { "GET", "/api/cohorts/some-cohort" },
        { "GET", "/api/cohorts/some-cohort/results" },
        { "GET", "/api/cohorts/some-cohort/files/summary.json" },
        { "DELETE", "/api/cohorts/some-cohort" },
        { "GET", "/api/cluster" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_api_route_without_a_key_is_401_problem(string method, string path)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_api_route_with_a_wrong_key_is_401(string method, string path)
    {
        using var client = factory.CreateAuthorizedClient("cg_not-a-key");
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_api_route_with_a_valid_key_is_let_through(string method, string path)
    {
        using var client = factory.CreateAuthorizedClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        // Past authentication: a missing cohort or an empty body, never 401/403.
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task A_second_configured_key_is_accepted_too()
    {
        using var client = factory.CreateAuthorizedClient(ApiFactory.OtherKey);
        using var response = await client.GetAsync("/api/cohorts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_a_key()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_api_route()
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/cohorts", paths);
        Assert.Contains("/api/cohorts/validate", paths);
        Assert.Contains("/api/cohorts/{id}", paths);
        Assert.Contains("/api/cohorts/{id}/results", paths);
        Assert.Contains("/api/cohorts/{id}/files/{path}", paths);
        Assert.Contains("/api/cluster", paths);
    }

    [Fact]
    public async Task Dashboard_pages_without_a_cookie_redirect_to_sign_in()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_is_never_echoed_in_a_401()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cohorts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cg_secret-that-must-not-leak");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("cg_secret-that-must-not-leak", body, StringComparison.Ordinal);
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetInt32());
    }
}
