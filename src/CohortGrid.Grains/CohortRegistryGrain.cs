using CohortGrid.Contracts;
using CohortGrid.Grains.Placement;

namespace CohortGrid.Grains;

/// <summary>The list of cohorts (key 0): lets the API list them and the silo resume unfinished ones after a restart. On a CPU silo when there is one.</summary>
[CpuSiloPlacementFilter]
public sealed class CohortRegistryGrain([PersistentState("registry", GrainStorageNames.Default)] IPersistentState<CohortRegistryState> state) : Grain, ICohortRegistryGrain
{
    public async Task Register(string cohortId, string name)
    {
        if (state.State.Cohorts.Any(c => c.Id == cohortId))
        {
            return;
        }

        state.State.Cohorts.Add(new CohortRegistryEntry { Id = cohortId, Name = name });
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cohorts.Select(c => c.Id)]);

    public async Task<int> ResumeUnfinished()
    {
        var unfinished = state.State.Cohorts.Where(c => !c.Finished).ToList();
        foreach (var entry in unfinished)
        {
            await GrainFactory.GetGrain<ICohortGrain>(entry.Id).Resume();
        }

        return unfinished.Count;
    }

    public Task<IReadOnlyList<string>> ListUnfinished() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cohorts.Where(c => !c.Finished).Select(c => c.Id)]);

    public async Task MarkFinished(string cohortId)
    {
        var entry = state.State.Cohorts.FirstOrDefault(c => c.Id == cohortId);
        if (entry is { Finished: false })
        {
            entry.Finished = true;
            await state.WriteStateAsync();
        }
    }
}

/// <summary>Persisted list of cohorts.</summary>
[GenerateSerializer]
public sealed class CohortRegistryState
{
    [Id(0)]
    public List<CohortRegistryEntry> Cohorts { get; set; } = [];
}

/// <summary>One registered cohort.</summary>
[GenerateSerializer]
public sealed class CohortRegistryEntry
{
    [Id(0)]
    public string Id { get; set; } = "";

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public bool Finished { get; set; }
}
