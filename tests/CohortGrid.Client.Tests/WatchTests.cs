namespace CohortGrid.Client.Tests;

/// <summary>How <see cref="CohortGridClient.WatchAsync"/> polls, against a scripted stub server.</summary>
public sealed class WatchTests
{
    private static readonly WatchOptions Fast = new() { InitialInterval = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromMilliseconds(50), GiveUpAfter = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Watch_yields_the_first_status_and_each_change_and_ends_with_the_finished_one()
    {
        CohortStatus[] script =
        [
            Status(CohortState.Pending, tiles: 0),
            Status(CohortState.Running, tiles: 0) with { ElapsedSeconds = 1 },
            Status(CohortState.Running, tiles: 0) with { ElapsedSeconds = 2, TilesPerSecond = 3 },
            Status(CohortState.Running, tiles: 10),
            Status(CohortState.Completed, tiles: 20) with { IsFinished = true },
        ];
        await using var stub = StubServer.Start(r => StubResponse.Json(script[Math.Min(r.Index, script.Length - 1)]));
        using var client = RetryPipelineTests.StubClient(stub);

        var seen = new List<CohortStatus>();
        await foreach (var status in client.WatchAsync("c1", Fast, TestContext.Current.CancellationToken))
        {
            seen.Add(status);
        }

        Assert.Equal([CohortState.Pending, CohortState.Running, CohortState.Running, CohortState.Completed], seen.Select(s => s.State));
        Assert.Equal([0L, 0, 10, 20], seen.Select(s => s.TilesDone));
        Assert.Equal(script.Length, stub.Requests.Count);
    }

    [Fact]
    public async Task Watch_rides_out_server_errors_and_goes_on_when_the_server_answers_again()
    {
        await using var stub = StubServer.Start(r => r.Index switch
        {
            0 => StubResponse.Json(Status(CohortState.Running, tiles: 1)),
            < 4 => StubResponse.Problem(503, "Unavailable", "restarting"),
            _ => StubResponse.Json(Status(CohortState.Completed, tiles: 2) with { IsFinished = true }),
        });
        using var client = RetryPipelineTests.StubClient(stub, retries: 0);

        var final = await client.WaitForCompletionAsync("c1", null, Fast, TestContext.Current.CancellationToken);

        Assert.Equal(CohortState.Completed, final.State);
        Assert.Equal(5, stub.Requests.Count);
    }

    [Fact]
    public async Task Watch_gives_up_with_a_clear_error_when_the_server_stays_unavailable()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(503, "Unavailable", "down for good"));
        using var client = RetryPipelineTests.StubClient(stub, retries: 0);

        var error = await Assert.ThrowsAsync<CohortGridUnavailableException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("c1", Fast, TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("watching cohort 'c1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("down for good", error.Message, StringComparison.Ordinal);
        Assert.IsType<CohortGridException>(error.InnerException);
    }

    [Fact]
    public async Task Watch_of_an_unknown_cohort_fails_at_once()
    {
        await using var stub = StubServer.Start(_ => StubResponse.Problem(404, "Not found", "There is no cohort 'c1'."));
        using var client = RetryPipelineTests.StubClient(stub);

        await Assert.ThrowsAsync<CohortNotFoundException>(() => client.WaitForCompletionAsync("c1", null, Fast, TestContext.Current.CancellationToken));
        Assert.Single(stub.Requests);
    }

    private static CohortStatus Status(CohortState state, long tiles) => new() { Id = "c1", State = state, TilesDone = tiles, TilesTotal = 20, SlidesTotal = 1 };
}
