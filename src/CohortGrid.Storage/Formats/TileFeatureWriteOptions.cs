namespace CohortGrid.Storage.Formats;

/// <summary>How <see cref="TileFeatureFile"/> and <see cref="TileFeatureNpy"/> store tile features.</summary>
public sealed record TileFeatureWriteOptions
{
    /// <summary>Storage type of the <c>features</c> matrix; coordinates and the slide vector are unaffected.</summary>
    public FeaturePrecision Precision { get; init; } = FeaturePrecision.Float32;

    /// <summary>
    /// Rows handed to the file per write; null sizes blocks to about 4 MiB. Bounds the scratch memory used
    /// for float16 conversion and for copying out of non-array memory, and how often cancellation is checked.
    /// </summary>
    internal int? RowsPerBlock { get; init; }

    public static TileFeatureWriteOptions Default { get; } = new();

    /// <summary>Throws with a clear message when a value is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Precision must be Float32 or Float16.");
        }

        if (RowsPerBlock is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RowsPerBlock), RowsPerBlock, "Rows per block must be positive.");
        }
    }

    internal int BlockRows(int columns, int elementSize)
    {
        const int TargetBlockBytes = 4 << 20;
        return RowsPerBlock ?? Math.Max(1, TargetBlockBytes / (columns * elementSize));
    }
}
