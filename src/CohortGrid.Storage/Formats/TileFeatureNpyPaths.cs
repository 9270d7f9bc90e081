namespace CohortGrid.Storage.Formats;

/// <summary>The three files <see cref="TileFeatureNpy"/> writes for one base path.</summary>
/// <param name="Features"><c>&lt;base&gt;.npy</c>: N×D float32 or float16.</param>
/// <param name="Coords"><c>&lt;base&gt;.coords.npy</c>: N×2 int64, x then y.</param>
/// <param name="SlideVector"><c>&lt;base&gt;.slide_vector.npy</c>: D float32; only present when the tiles have one.</param>
public sealed record TileFeatureNpyPaths(string Features, string Coords, string SlideVector);
