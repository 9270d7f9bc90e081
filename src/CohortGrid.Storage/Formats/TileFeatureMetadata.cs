namespace CohortGrid.Storage.Formats;

/// <summary>
/// What produced a slide's tile features and at which scale: stored as the root attributes of a
/// <see cref="TileFeatureFile"/>.
/// </summary>
public sealed record TileFeatureMetadata
{
    /// <summary>Slide the tiles come from (attribute <c>slide_id</c>).</summary>
    public required string SlideId { get; init; }

    /// <summary>Encoder model name, e.g. <c>uni_v2</c> (attribute <c>encoder_id</c>).</summary>
    public required string EncoderId { get; init; }

    /// <summary>Encoder weights or release version (attribute <c>encoder_version</c>); may be empty.</summary>
    public required string EncoderVersion { get; init; }

    /// <summary>Microns per pixel the tiles were resampled to before encoding (attribute <c>mpp</c>).</summary>
    public required double Mpp { get; init; }

    /// <summary>Tile side in pixels at <see cref="Mpp"/> (attribute <c>tile_size</c>).</summary>
    public required int TileSize { get; init; }

    /// <summary>
    /// Microns per level-0 pixel of the slide (attribute <c>level0_mpp</c>); with <see cref="Mpp"/> it gives the
    /// tile footprint at level 0, <c>TileSize * Mpp / Level0Mpp</c>, which the coordinates are in.
    /// </summary>
    public required double Level0Mpp { get; init; }

    /// <summary>Throws with a clear message, naming the field, when a value is missing or out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SlideId, nameof(SlideId));
        ArgumentException.ThrowIfNullOrWhiteSpace(EncoderId, nameof(EncoderId));
        ArgumentNullException.ThrowIfNull(EncoderVersion, nameof(EncoderVersion));

        if (!(Mpp > 0) || !double.IsFinite(Mpp))
        {
            throw new ArgumentOutOfRangeException(nameof(Mpp), Mpp, "Mpp must be a positive number of microns per pixel.");
        }

        if (!(Level0Mpp > 0) || !double.IsFinite(Level0Mpp))
        {
            throw new ArgumentOutOfRangeException(nameof(Level0Mpp), Level0Mpp, "Level-0 mpp must be a positive number of microns per pixel.");
        }

        if (TileSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tile size must be a positive number of pixels.");
        }
    }
}
