namespace CohortGrid.SampleData.Rendering;

/// <summary>A nucleus: its outline and how much haematoxylin it holds.</summary>
internal readonly record struct Nucleus(Ellipse Shape, float Haematoxylin);
