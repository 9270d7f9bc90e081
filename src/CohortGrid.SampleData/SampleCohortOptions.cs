namespace CohortGrid.SampleData;

/// <summary>
/// Shape of a generated demo cohort. The defaults give slides of a few thousand pixels per side with
/// roughly 50 to 120 tissue tiles of 224 px at 0.5 µm/px each (about 10 MB on disk): big enough to
/// exercise tiling and batching, small enough that a cohort generates in a few seconds.
/// </summary>
public sealed record SampleCohortOptions
{
    /// <summary>Slides with tissue, one per patient.</summary>
    public int SlideCount { get; init; } = 8;

    /// <summary>Adds one slide of bare glass (its own patient) after the others: pipelines must report zero tiles, not fail.</summary>
    public bool IncludeBlankSlide { get; init; }

    /// <summary>Seed of the cohort: grades, sizes, coverages and each slide's own seed derive from it.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Microns per level-0 pixel of every slide.</summary>
    public double Mpp { get; init; } = 0.5;

    public int MinWidth { get; init; } = 3000;

    public int MaxWidth { get; init; } = 4000;

    public int MinHeight { get; init; } = 2400;

    public int MaxHeight { get; init; } = 3200;

    public double MinTissueCoverage { get; init; } = 0.32;

    public double MaxTissueCoverage { get; init; } = 0.45;

    /// <summary>TIFF tile side of every slide.</summary>
    public int TileSize { get; init; } = 256;

    public static SampleCohortOptions Default { get; } = new();

    /// <summary>Throws with a clear message when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SlideCount);
        if (SlideCount == 0 && !IncludeBlankSlide)
        {
            throw new ArgumentOutOfRangeException(nameof(SlideCount), SlideCount, "A cohort needs at least one slide.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWidth, MinWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeight, MinHeight);
        if (!(MinTissueCoverage is >= 0 and <= 0.95) || !(MaxTissueCoverage >= MinTissueCoverage && MaxTissueCoverage <= 0.95))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTissueCoverage), "Tissue coverage bounds must satisfy 0 <= min <= max <= 0.95.");
        }
    }
}
