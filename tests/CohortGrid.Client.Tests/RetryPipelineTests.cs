using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace CohortGrid.Client.Tests;

/// <summary>What the SDK's resilience pipeline retries, and what it never does, against a scripted stub server.</summary>
public sealed class RetryPipelineTests
{
    private static readonly CohortStatus Running = new() { Id = "c1", Name = "stub", State = CohortState.Running, SlidesTotal = 2 };

    [Fact]
    public async Task A_400_answer_is_never_retried()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(400, "Bad request", "nope"));
        using var client = StubClient(stub);

        var error = await Assert.ThrowsAsync<CohortGridException>(() => client.GetStatusAsync("c1", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_409_to_a_submission_is_not_retried_and_keeps_the_server_detail()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(409, "Cohort id in use", "Cohort 'mine' exists with another manifest."));
        using var client = StubClient(stub);

        var error = await Assert.ThrowsAsync<CohortGridException>(() => client.SubmitAsync(new CohortSubmissionRequest { CohortId = "mine" }, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Cohort id in use (409): Cohort 'mine' exists with another manifest.", error.Message);
        Assert.Equal("00-trace-00", error.Problem.TraceId);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_429_is_not_retried_and_tells_how_long_to_wait()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(429, "Too many submissions", "At most 30 per minute.") with { RetryAfterSeconds = 7 });
        using var client = StubClient(stub);

        var error = await Assert.ThrowsAsync<CohortGridRateLimitException>(() => client.SubmitAsync(new CohortSubmissionRequest(), TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("Retry after 7 s", error.Message, StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_503_is_retried_until_the_server_answers()
    {
        await using var stub = StubServer.Start(r => r.Index < 2 ? StubResponse.Problem(503, "Unavailable", "starting") : StubResponse.Json(Running));
        using var client = StubClient(stub);

        var status = await client.GetStatusAsync("c1", TestContext.Current.CancellationToken);

        Assert.Equal(CohortState.Running, status.State);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task A_submission_that_got_a_503_is_retried_because_submitting_is_idempotent()
    {
        await using var stub = StubServer.Start(r => r.Index == 0 ? StubResponse.Problem(503, "Unavailable", "starting") : StubResponse.Json(Running, 202));
        using var client = StubClient(stub);

        var submitted = await client.SubmitAsync(new CohortSubmissionRequest { Name = "stub" }, TestContext.Current.CancellationToken);

        Assert.True(submitted.Created);
        Assert.Equal(["POST", "POST"], stub.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_and_the_last_5xx_is_thrown()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(500, "Internal error", "boom"));
        using var client = StubClient(stub, retries: 2);

        var error = await Assert.ThrowsAsync<CohortGridException>(() => client.ListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task The_DI_registration_sends_the_key_retries_a_503_and_never_a_404()
    {
        await using var stub = StubServer.Start(r => r.Path.EndsWith("/missing", StringComparison.Ordinal)
            ? StubResponse.Problem(404, "Not found", "There is no cohort 'missing'.")
            : r.Index == 0 ? StubResponse.Problem(503, "Unavailable", "starting") : StubResponse.Json(Running));
        var services = new ServiceCollection();
        services.AddCohortGridClient(o =>
        {
            o.BaseAddress = stub.Url;
            o.ApiKey = "secret-key";
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<CohortGridClient>();

        var status = await client.GetStatusAsync("c1", TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<CohortNotFoundException>(() => client.GetStatusAsync("missing", TestContext.Current.CancellationToken));

        Assert.Equal("c1", status.Id);
        Assert.Contains("There is no cohort 'missing'.", missing.Message, StringComparison.Ordinal);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("Bearer secret-key", r.Authorization));
    }

    internal static CohortGridClient StubClient(StubServer stub, int retries = 3) => CohortGridClient.Create(new CohortGridClientOptions
    {
        BaseAddress = stub.Url,
        ApiKey = "secret-key",
        MaxRetryAttempts = retries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    });
}
