namespace CohortGrid.Storage.Formats;

/// <summary>What a <see cref="TileFeatureFile"/> holds, read without loading the feature matrix.</summary>
/// <param name="Metadata">The root attributes.</param>
/// <param name="Count">Number of tiles, N (rows of <c>features</c> and <c>coords</c>).</param>
/// <param name="Dimension">Embedding width, D (columns of <c>features</c>).</param>
/// <param name="Precision">How <c>features</c> is stored.</param>
/// <param name="HasSlideVector">Whether the optional <c>slide_vector</c> dataset is present.</param>
public sealed record TileFeatureFileHeader(
    TileFeatureMetadata Metadata,
    int Count,
    int Dimension,
    FeaturePrecision Precision,
    bool HasSlideVector);
