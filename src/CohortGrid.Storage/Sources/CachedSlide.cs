namespace CohortGrid.Storage.Sources;

/// <summary>A blob slide's local copy.</summary>
/// <param name="LocalPath">The file to open.</param>
/// <param name="ETag">The blob version it holds.</param>
public sealed record CachedSlide(string LocalPath, string ETag);
