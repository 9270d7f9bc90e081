namespace CohortGrid.Contracts;

/// <summary>Where a cohort stands: what users poll.</summary>
[GenerateSerializer, Immutable]
public sealed record CohortStatus
{
    [Id(0)]
    public string CohortId { get; init; } = "";

    [Id(1)]
    public string Name { get; init; } = "";

    [Id(2)]
    public CohortState State { get; init; }

    [Id(3)]
    public IReadOnlyList<SlideStatus> Slides { get; init; } = [];

    [Id(4)]
    public DateTimeOffset SubmittedAt { get; init; }

    [Id(5)]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the cohort is in its state, when that needs saying (e.g. "no GPU silo available").</summary>
    [Id(6)]
    public string? Message { get; init; }

    [Id(7)]
    public string EncoderId { get; init; } = "";

    public int SlidesTotal => Slides.Count;

    public int SlidesCompleted => Slides.Count(s => s.State == SlideState.Completed);

    public int SlidesFailed => Slides.Count(s => s.State == SlideState.Failed);

    public int SlidesRunning => Slides.Count(s => s.State == SlideState.Running);

    public long TilesDone => Slides.Sum(s => s.TilesDone);

    public long TilesTotal => Slides.Sum(s => s.TilesTotal);

    public bool IsFinished => State is CohortState.Completed or CohortState.CompletedWithErrors or CohortState.Cancelled;
}

/// <summary>One slide's progress and outcome.</summary>
[GenerateSerializer, Immutable]
public sealed record SlideStatus
{
    [Id(0)]
    public string SlideId { get; init; } = "";

    [Id(1)]
    public string PatientId { get; init; } = "";

    [Id(2)]
    public SlideState State { get; init; }

    [Id(3)]
    public int TilesDone { get; init; }

    /// <summary>Tissue tiles to embed (known once the slide is planned).</summary>
    [Id(4)]
    public int TilesTotal { get; init; }

    /// <summary>Stable reason code when failed (not-found, mpp-unavailable, read-failed, ...).</summary>
    [Id(5)]
    public string? ErrorReason { get; init; }

    [Id(6)]
    public string? ErrorMessage { get; init; }

    [Id(7)]
    public DateTimeOffset? StartedAt { get; init; }

    [Id(8)]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Times the slide was started (more than one after a silo failure or a stall).</summary>
    [Id(9)]
    public int Attempts { get; init; }

    /// <summary>Last sign of life from the slide grain, to detect stalls.</summary>
    [Id(10)]
    public DateTimeOffset? LastProgressAt { get; init; }
}
