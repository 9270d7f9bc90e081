namespace CohortGrid.Contracts;

/// <summary>What a finished slide produced.</summary>
[GenerateSerializer, Immutable]
public sealed record SlideResult
{
    [Id(0)]
    public string SlideId { get; init; } = "";

    [Id(1)]
    public string PatientId { get; init; } = "";

    /// <summary>Tiles embedded (tissue and QC passed).</summary>
    [Id(2)]
    public int Tiles { get; init; }

    [Id(3)]
    public int QcDropped { get; init; }

    [Id(4)]
    public int Dimension { get; init; }

    /// <summary>Mean of the tile embeddings; zeros when the slide has no tissue.</summary>
    [Id(5)]
    public IReadOnlyList<float> SlideVector { get; init; } = [];

    /// <summary>Features blob in the results container (<c>cohorts/{id}/slides/{slide}/features.h5</c>; a file under <c>{data}/results/</c> on the local store).</summary>
    [Id(6)]
    public string FeaturesPath { get; init; } = "";

    [Id(7)]
    public string EncoderId { get; init; } = "";

    [Id(8)]
    public string EncoderVersion { get; init; } = "";

    [Id(9)]
    public double Level0Mpp { get; init; }

    [Id(10)]
    public string QuickHash { get; init; } = "";

    /// <summary>True when the features came from an earlier run of the same slide, encoder and grid.</summary>
    [Id(11)]
    public bool Reused { get; init; }

    [Id(12)]
    public double Seconds { get; init; }

    [Id(13)]
    public double TissueFraction { get; init; }

    /// <summary>Level-0 pixels per <c>thumbnail.png</c> pixel, horizontally (for overlays aligned with the thumbnail).</summary>
    [Id(14)]
    public double ThumbnailScaleX { get; init; }

    /// <summary>Level-0 pixels per <c>thumbnail.png</c> pixel, vertically.</summary>
    [Id(15)]
    public double ThumbnailScaleY { get; init; }
}

/// <summary>How a slide ended, reported by the slide grain to its cohort.</summary>
[GenerateSerializer, Immutable]
public sealed record SlideOutcome
{
    [Id(0)]
    public string SlideId { get; init; } = "";

    [Id(1)]
    public SlideResult? Result { get; init; }

    [Id(2)]
    public string? ErrorReason { get; init; }

    [Id(3)]
    public string? ErrorMessage { get; init; }

    /// <summary>Which attempt of the slide this outcome belongs to (late reports of old attempts are ignored).</summary>
    [Id(4)]
    public int Attempt { get; init; }

    public bool Succeeded => Result is not null;
}
