namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>Grain state used by the persistence tests; generated serializer so the default (Orleans JSON) storage serializer accepts it.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public string? Note { get; set; }
}
