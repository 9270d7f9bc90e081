namespace CohortGrid.Storage.Formats;

/// <summary>A whole <see cref="TileFeatureFile"/>: its header and its arrays, features widened to float32.</summary>
public sealed record TileFeatureFileContent(TileFeatureFileHeader Header, TileFeatures Tiles)
{
    public TileFeatureMetadata Metadata => Header.Metadata;
}
