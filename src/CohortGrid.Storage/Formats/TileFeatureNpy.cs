namespace CohortGrid.Storage.Formats;

/// <summary>
/// Tile features as plain NumPy files for tools that want <c>np.load</c> rather than h5py:
/// <c>&lt;base&gt;.npy</c> (features), <c>&lt;base&gt;.coords.npy</c> and <c>&lt;base&gt;.slide_vector.npy</c>.
/// The metadata has no place in .npy; <see cref="TileFeatureFile"/> is the complete format.
/// </summary>
public static class TileFeatureNpy
{
    public const string FeaturesSuffix = ".npy";
    public const string CoordsSuffix = ".coords.npy";
    public const string SlideVectorSuffix = ".slide_vector.npy";

    /// <summary>The file names for <paramref name="basePath"/>; a trailing <c>.npy</c> is ignored, so <c>a/s1</c> and <c>a/s1.npy</c> agree.</summary>
    public static TileFeatureNpyPaths GetPaths(string basePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        var full = Path.GetFullPath(basePath);
        if (full.EndsWith(FeaturesSuffix, StringComparison.OrdinalIgnoreCase))
        {
            full = full[..^FeaturesSuffix.Length];
        }

        return new TileFeatureNpyPaths(full + FeaturesSuffix, full + CoordsSuffix, full + SlideVectorSuffix);
    }

    /// <summary>
    /// Writes the files for <paramref name="tiles"/>. Each appears only when complete (temporary name in the
    /// same folder, then rename), and all are written before any is renamed; the features file is renamed
    /// last, so once <c>&lt;base&gt;.npy</c> is there its companions are too. A stale slide-vector file from an
    /// earlier write is removed when the new tiles have none. On failure or cancellation no temporary file remains.
    /// </summary>
    public static TileFeatureNpyPaths Write(string basePath, TileFeatures tiles, TileFeatureWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        options ??= TileFeatureWriteOptions.Default;
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var paths = GetPaths(basePath);

        using var coords = PendingFile.Create(paths.Coords);
        NpyFile.WriteTo(coords.Stream, tiles.Coords.Span, [tiles.Count, 2], cancellationToken);

        using var slideVector = tiles.HasSlideVector ? PendingFile.Create(paths.SlideVector) : null;
        if (slideVector is not null)
        {
            NpyFile.WriteTo(slideVector.Stream, tiles.SlideVector.Span, [tiles.Dimension], cancellationToken);
        }

        using var features = PendingFile.Create(paths.Features);
        if (options.Precision == FeaturePrecision.Float16)
        {
            NpyFile.WriteAsFloat16To(features.Stream, tiles.Features.Span, [tiles.Count, tiles.Dimension], cancellationToken);
        }
        else
        {
            NpyFile.WriteTo(features.Stream, tiles.Features.Span, [tiles.Count, tiles.Dimension], cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        coords.Commit();
        if (slideVector is not null)
        {
            slideVector.Commit();
        }
        else
        {
            File.Delete(paths.SlideVector);
        }

        features.Commit();
        return paths;
    }
}
