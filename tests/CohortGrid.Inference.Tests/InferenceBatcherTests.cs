using CohortGrid.Inference.Batching;

namespace CohortGrid.Inference.Tests;

public sealed class InferenceBatcherTests
{
    private const int Dim = 8;

    [Fact]
    public async Task Sixteen_concurrent_submitters_with_random_sizes_each_get_their_own_rows()
    {
        using var head = LinearHead.Create("rows", "1", ModelKind.TileHead, [[.. Enumerable.Range(0, Dim).Select(i => (float)(i + 1))], [.. Enumerable.Repeat(1f, Dim)]], [0f, 0f], ["a", "b"]);
        await using var batcher = new InferenceBatcher(head, new BatcherOptions { MaxBatchSize = 32, MaxWait = TimeSpan.FromMilliseconds(2) });
        var random = new Random(9);
        var inputs = Enumerable.Range(0, 16 * 8).Select(_ => Rows(random, random.Next(1, 70))).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(caller => Task.Run(
            async () =>
            {
                var outputs = new List<float[]>();
                for (var k = 0; k < 8; k++)
                {
                    outputs.Add(await batcher.SubmitAsync(inputs[(caller * 8) + k], TestContext.Current.CancellationToken));
                }

                return outputs;
            },
            TestContext.Current.CancellationToken)));

        for (var caller = 0; caller < 16; caller++)
        {
            for (var k = 0; k < 8; k++)
            {
                var input = inputs[(caller * 8) + k];
                var expected = new float[input.Length / Dim * 2];
                head.Run(input, input.Length / Dim, expected);
                Assert.Equal(expected, results[caller][k]);
            }
        }

        var metrics = batcher.Metrics.Snapshot();
        Assert.Equal(inputs.Sum(i => i.Length / Dim), metrics.CompletedRows);
        Assert.Equal(0, metrics.QueueDepth);
        Assert.True(metrics.BatchSizeHistogram.Skip(33).All(c => c == 0), "no batch exceeds the maximum");
    }

    [Fact]
    public async Task Requests_arriving_while_the_model_is_busy_are_coalesced_into_full_batches()
    {
        using var model = GatedModel.Head(Dim);
        await using var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = 32, MaxWait = TimeSpan.FromMilliseconds(200) });
        var random = new Random(1);
        var first = batcher.SubmitAsync(Rows(random, 32), TestContext.Current.CancellationToken);
        await WaitUntil(() => model.Waiting == 1);

        var small = Enumerable.Range(0, 8).Select(_ => batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken)).ToList();
        await WaitUntil(() => batcher.Metrics.Snapshot().SubmittedRows == 64);
        model.Open();
        await first;
        await Task.WhenAll(small);

        var histogram = batcher.Metrics.Snapshot().BatchSizeHistogram;
        Assert.Equal(2, histogram[32]);
        Assert.Equal(2, batcher.Metrics.Snapshot().Batches);
    }

    [Fact]
    public async Task A_lone_small_request_runs_after_the_maximum_wait()
    {
        using var head = GatedModel.Head(Dim);
        head.Open();
        await using var batcher = new InferenceBatcher(head, new BatcherOptions { MaxBatchSize = 32, MaxWait = TimeSpan.FromMilliseconds(20) });

        var output = await batcher.SubmitAsync(Rows(new Random(2), 1), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(2, output.Length);
        Assert.Equal(1, batcher.Metrics.Snapshot().BatchSizeHistogram[1]);
    }

    [Fact]
    public async Task Cancelled_request_is_dropped_before_it_runs_and_others_complete()
    {
        using var model = GatedModel.Head(Dim);
        await using var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = 4, MaxWait = TimeSpan.Zero });
        var random = new Random(3);
        var running = batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken);
        await WaitUntil(() => model.Waiting == 1);
        using var cancel = new CancellationTokenSource();
        var queued = Enumerable.Range(0, 4).Select(_ => batcher.SubmitAsync(Rows(random, 4), cancel.Token)).ToList();
        await WaitUntil(() => batcher.Metrics.Snapshot().SubmittedRows == 20);

        await cancel.CancelAsync();
        model.Open();
        await running;
        var later = await batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken);

        foreach (var task in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        }

        Assert.Equal(8, later.Length);
        var metrics = batcher.Metrics.Snapshot();
        Assert.Equal(0, metrics.QueueDepth);
        // Batches of cancelled callers, assembled or not, never reach the model.
        Assert.Equal(2, metrics.Batches);
        Assert.Equal(8, metrics.CompletedRows);
    }

    [Fact]
    public async Task A_full_queue_holds_submitters_back_until_there_is_room()
    {
        using var model = GatedModel.Head(Dim);
        await using var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = 4, MaxWait = TimeSpan.Zero, MaxQueuedRequests = 1 });
        var random = new Random(4);
        var tasks = new List<Task<float[]>> { batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken) };
        await WaitUntil(() => model.Waiting == 1);

        // The runner holds one batch, one waits for it, the assembler holds one and the queue one
        // request: the fifth submitter (and any after it) must wait.
        for (var i = 0; i < 4; i++)
        {
            tasks.Add(batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken));
        }

        await WaitUntil(() => batcher.Metrics.Snapshot().SubmittedRows == 16);
        var blocked = batcher.SubmitAsync(Rows(random, 4), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(16, batcher.Metrics.Snapshot().SubmittedRows);
        Assert.False(tasks[^1].IsCompleted);
        Assert.False(blocked.IsCompleted);

        model.Open();
        await Task.WhenAll([.. tasks, blocked]);
        Assert.Equal(24, batcher.Metrics.Snapshot().CompletedRows);
    }

    [Fact]
    public async Task Input_that_is_not_whole_rows_is_rejected()
    {
        using var head = GatedModel.Head(Dim);
        await using var batcher = new InferenceBatcher(head);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => batcher.SubmitAsync(new float[Dim + 1], TestContext.Current.CancellationToken));

        Assert.Contains("not a whole number of 8-float rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_after_shutdown_is_refused_and_queued_work_finishes_first()
    {
        using var head = GatedModel.Head(Dim);
        head.Open();
        var batcher = new InferenceBatcher(head);
        var pending = batcher.SubmitAsync(Rows(new Random(5), 10), TestContext.Current.CancellationToken);

        await batcher.DisposeAsync();

        Assert.Equal(20, (await pending).Length);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.SubmitAsync(Rows(new Random(6), 1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_allowed_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatcherOptions { MaxBatchSize = 0 }.Validate());

        Assert.Contains("between 1 and 4096", error.Message, StringComparison.Ordinal);
    }

    private static float[] Rows(Random random, int rows) =>
        [.. Enumerable.Range(0, rows * Dim).Select(_ => (float)Math.Round((random.NextDouble() * 10) - 5, 2))];

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
