namespace CohortGrid.SampleData;

/// <summary>What <see cref="SampleCohort.Generate"/> left in the folder.</summary>
/// <param name="Directory">The cohort folder.</param>
/// <param name="ManifestPath">Path of slides.csv.</param>
/// <param name="Slides">Every slide of the cohort, in manifest order.</param>
/// <param name="Generated">Slides written by this call.</param>
/// <param name="Reused">Slides already present with the same spec, left untouched.</param>
public sealed record SampleCohortResult(string Directory, string ManifestPath, IReadOnlyList<SampleSlide> Slides, int Generated, int Reused);
