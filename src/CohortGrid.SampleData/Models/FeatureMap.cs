namespace CohortGrid.SampleData.Models;

/// <summary>A square activation tensor [N, Channels, Size, Size] in a graph being built, known by its value name.</summary>
internal readonly record struct FeatureMap(string Name, int Channels, int Size);
