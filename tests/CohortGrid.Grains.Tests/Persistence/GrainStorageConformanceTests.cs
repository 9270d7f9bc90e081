using Orleans.Storage;

namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>
/// What any CohortGrid grain storage must do, called directly (no silo) to stay fast; each implementation
/// derives a class that supplies an empty storage.
/// </summary>
public abstract class GrainStorageConformanceTests
{
    protected const string StateName = "state";

    protected static readonly GrainId Grain = GrainId.Create("cohort", "c-001");

    /// <summary>An empty storage, fresh for each test.</summary>
    protected abstract IGrainStorage Storage { get; }

    /// <summary>
    /// Another storage instance over the same stored data as <see cref="Storage"/>, sharing nothing in memory with it:
    /// what a second silo of the cluster has.
    /// </summary>
    protected abstract IGrainStorage CreateOtherSiloStorage();

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_a_missing_state_leaves_defaults_and_no_record()
    {
        var state = new GrainState<CounterState>(new CounterState { Count = 0 });

        await Storage.ReadStateAsync(StateName, Grain, state, Cancellation);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Count);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var written = NewState(7, "seven");
        await Storage.WriteStateAsync(StateName, Grain, written, Cancellation);

        var read = await ReadAsync(Grain);

        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(7, read.State!.Count);
        Assert.Equal("seven", read.State!.Note);
    }

    [Fact]
    public async Task A_second_create_of_the_same_state_fails_with_inconsistent_state()
    {
        var first = NewState(1, "first");
        var second = NewState(2, "second");
        await Storage.WriteStateAsync(StateName, Grain, first, Cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, second, Cancellation));

        Assert.Null(second.ETag);
        Assert.Equal("first", (await ReadAsync(Grain)).State!.Note);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_with_inconsistent_state()
    {
        await Storage.WriteStateAsync(StateName, Grain, NewState(1, "initial"), Cancellation);
        var winner = await ReadAsync(Grain);
        var loser = await ReadAsync(Grain);
        var staleETag = loser.ETag;

        winner.State!.Note = "winner";
        await Storage.WriteStateAsync(StateName, Grain, winner, Cancellation);
        loser.State!.Note = "loser";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, loser, Cancellation));

        Assert.Equal(staleETag, loser.ETag);
        Assert.Equal("winner", (await ReadAsync(Grain)).State!.Note);
    }

    [Fact]
    public async Task Successive_writes_of_one_activation_each_succeed()
    {
        var state = NewState(0, null);
        for (var i = 1; i <= 5; i++)
        {
            state.State!.Count = i;
            await Storage.WriteStateAsync(StateName, Grain, state, Cancellation);
        }

        Assert.Equal(5, (await ReadAsync(Grain)).State!.Count);
    }

    [Fact]
    public async Task Clearing_resets_the_state_and_a_later_write_creates_it_again()
    {
        var state = NewState(3, "three");
        await Storage.WriteStateAsync(StateName, Grain, state, Cancellation);

        await Storage.ClearStateAsync(StateName, Grain, state, Cancellation);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
        Assert.False((await ReadAsync(Grain)).RecordExists);

        state.State!.Count = 4;
        await Storage.WriteStateAsync(StateName, Grain, state, Cancellation);
        Assert.Equal(4, (await ReadAsync(Grain)).State!.Count);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_fails_with_inconsistent_state()
    {
        await Storage.WriteStateAsync(StateName, Grain, NewState(1, "initial"), Cancellation);
        var stale = await ReadAsync(Grain);
        var current = await ReadAsync(Grain);
        await Storage.WriteStateAsync(StateName, Grain, current, Cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, Grain, stale, Cancellation));

        Assert.True((await ReadAsync(Grain)).RecordExists);
    }

    [Fact]
    public async Task Clearing_a_state_that_was_never_written_succeeds()
    {
        var state = await ReadAsync(Grain);

        await Storage.ClearStateAsync(StateName, Grain, state, Cancellation);

        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task States_of_other_grains_and_other_state_names_are_independent()
    {
        var other = GrainId.Create("cohort", "c-002");
        await Storage.WriteStateAsync(StateName, Grain, NewState(1, "grain 1"), Cancellation);
        await Storage.WriteStateAsync(StateName, other, NewState(2, "grain 2"), Cancellation);
        await Storage.WriteStateAsync("progress", Grain, NewState(3, "progress"), Cancellation);

        Assert.Equal("grain 1", (await ReadAsync(Grain)).State!.Note);
        Assert.Equal("grain 2", (await ReadAsync(other)).State!.Note);
        Assert.Equal("progress", (await ReadAsync(Grain, "progress")).State!.Note);
    }

    [Fact]
    public async Task Two_silos_racing_to_write_the_same_state_one_wins_and_the_other_rereads()
    {
        var silos = new[] { Storage, CreateOtherSiloStorage() };
        await silos[0].WriteStateAsync(StateName, Grain, NewState(1, "initial"), Cancellation);
        var states = new[] { await ReadAsync(silos[0], Grain), await ReadAsync(silos[1], Grain) };
        Assert.Equal(states[0].ETag, states[1].ETag);
        var readETag = states[0].ETag;

        using var start = new ManualResetEventSlim();
        var writes = Enumerable.Range(0, 2).Select(i => Task.Run(
            async () =>
            {
                states[i].State!.Count = 2;
                states[i].State!.Note = $"silo {i}";
                start.Wait(Cancellation);
                try
                {
                    await silos[i].WriteStateAsync(StateName, Grain, states[i], Cancellation);
                    return null;
                }
                catch (InconsistentStateException e)
                {
                    return e;
                }
            },
            Cancellation)).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(writes);

        var winner = Assert.Single(Enumerable.Range(0, 2), i => outcomes[i] is null);
        var loser = 1 - winner;
        Assert.IsType<InconsistentStateException>(outcomes[loser]);
        Assert.Equal(readETag, states[loser].ETag);
        Assert.NotEqual(readETag, states[winner].ETag);

        // The loser does what an activation that lost a race does: reads again, then applies its change to what it read.
        var reread = await ReadAsync(silos[loser], Grain);
        Assert.Equal($"silo {winner}", reread.State!.Note);
        Assert.Equal(states[winner].ETag, reread.ETag);
        reread.State!.Count++;
        reread.State!.Note = $"silo {loser} after silo {winner}";
        await silos[loser].WriteStateAsync(StateName, Grain, reread, Cancellation);

        var final = await ReadAsync(silos[winner], Grain);
        Assert.Equal(3, final.State!.Count);
        Assert.Equal($"silo {loser} after silo {winner}", final.State!.Note);
        Assert.Equal(reread.ETag, final.ETag);
    }

    protected static GrainState<CounterState> NewState(int count, string? note) => new(new CounterState { Count = count, Note = note });

    protected Task<GrainState<CounterState>> ReadAsync(GrainId grainId, string stateName = StateName) => ReadAsync(Storage, grainId, stateName);

    protected static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grainId, string stateName = StateName)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(stateName, grainId, state, Cancellation);
        return state;
    }
}
