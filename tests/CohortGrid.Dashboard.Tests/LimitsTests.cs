using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace CohortGrid.Dashboard.Tests;

/// <summary>A host with a small upload limit and two submissions a minute per key.</summary>
public sealed class LimitedApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Api:MaxUploadBytes", "4096"),
        new("Api:SubmissionsPerMinute", "2"),
    ];
}

/// <summary>Upload size and submission rate limits answer with problems, per key.</summary>
public sealed class LimitsTests(LimitedApiFactory factory) : IClassFixture<LimitedApiFactory>
{
    [Fact]
    public async Task An_upload_over_the_limit_is_413()
    {
        using var client = factory.CreateAuthorizedClient();
        var big = "slide_id,patient_id,path\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"s{i},p{i},{factory.Slides[0]}\n"));
        using var response = await client.PostAsync("/api/cohorts/validate", new StringContent(big, Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Api:MaxUploadBytes", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submissions_beyond_the_rate_are_429_with_retry_after_per_key()
    {
        using var client = factory.CreateAuthorizedClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, $"rate {i}", 1) with { CohortId = $"rate-{i}" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);

        // Another key has its own allowance.
        using var other = factory.CreateAuthorizedClient(ApiFactory.OtherKey);
        using var allowed = await other.PostAsJsonAsync("/api/cohorts", ApiJson.Cohort(factory, "other key", 1) with { CohortId = "rate-other" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
    }
}
