namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>Keeps <see cref="CounterState"/> in the "cohortgrid" storage provider.</summary>
public sealed class PersistentCounterGrain([PersistentState("state", PersistentCounterGrain.StorageName)] IPersistentState<CounterState> state)
    : Grain, IPersistentCounterGrain
{
    public const string StorageName = "cohortgrid";

    /// <inheritdoc />
    public async Task<int> AddAsync(int amount, string note)
    {
        state.State.Count += amount;
        state.State.Note = note;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    /// <inheritdoc />
    public Task<CounterState> GetAsync() => Task.FromResult(state.State);
}
