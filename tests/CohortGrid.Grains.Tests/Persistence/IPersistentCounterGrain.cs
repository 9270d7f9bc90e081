namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>A counter whose value lives in blob grain storage.</summary>
public interface IPersistentCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the count and writes the state.</summary>
    Task<int> AddAsync(int amount, string note);

    /// <summary>The state as loaded on activation (plus any writes since).</summary>
    Task<CounterState> GetAsync();
}
