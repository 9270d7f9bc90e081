namespace CohortGrid.Client;

/// <summary>Where a cohort stands: what <c>GET /api/cohorts/{id}</c> returns and researchers poll.</summary>
public sealed record CohortStatus
{
    /// <summary>The cohort id (content-derived unless the submitter chose one).</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name from the manifest.</summary>
    public string Name { get; init; } = "";

    /// <summary>Current state.</summary>
    public CohortState State { get; init; }

    /// <summary>Tile encoder (model card id) the slides are embedded with.</summary>
    public string EncoderId { get; init; } = "";

    /// <summary>Why the cohort is in its state, when that needs saying (e.g. "no GPU silo available").</summary>
    public string? Message { get; init; }

    /// <summary>When the cohort was accepted.</summary>
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Slides in the manifest.</summary>
    public int SlidesTotal { get; init; }

    /// <summary>Slides completed.</summary>
    public int SlidesCompleted { get; init; }

    /// <summary>Slides failed.</summary>
    public int SlidesFailed { get; init; }

    /// <summary>Slides being processed now.</summary>
    public int SlidesRunning { get; init; }

    /// <summary>Tissue tiles embedded so far.</summary>
    public long TilesDone { get; init; }

    /// <summary>Tissue tiles of the slides planned so far (grows while slides are planned).</summary>
    public long TilesTotal { get; init; }

    /// <summary>Fraction done, 0 to 1: finished slides count whole, running slides by their tiles.</summary>
    public double Progress { get; init; }

    /// <summary>Seconds since submission (to completion once finished).</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Tiles per second over the run so far.</summary>
    public double TilesPerSecond { get; init; }

    /// <summary>Estimated seconds to completion; null until there is a rate to extrapolate, or when finished.</summary>
    public double? EtaSeconds { get; init; }

    /// <summary>True in a terminal state (completed, completed with errors, cancelled).</summary>
    public bool IsFinished { get; init; }

    /// <summary>Every slide, in manifest order.</summary>
    public IReadOnlyList<SlideStatus> Slides { get; init; } = [];
}

/// <summary>One slide's progress and outcome.</summary>
public sealed record SlideStatus
{
    /// <summary>Slide id from the manifest.</summary>
    public required string SlideId { get; init; }

    /// <summary>Patient the slide belongs to.</summary>
    public string PatientId { get; init; } = "";

    /// <summary>Current state.</summary>
    public SlideState State { get; init; }

    /// <summary>Tiles embedded.</summary>
    public int TilesDone { get; init; }

    /// <summary>Tissue tiles to embed, known once the slide is planned.</summary>
    public int TilesTotal { get; init; }

    /// <summary>Times the slide was started (more than one after a lost silo or a stall).</summary>
    public int Attempts { get; init; }

    /// <summary>Stable reason code when failed (<c>not-found</c>, <c>mpp-unavailable</c>, <c>read-failed</c>, ...).</summary>
    public string? ErrorReason { get; init; }

    /// <summary>What went wrong, for a person.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>When the slide's current attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the slide finished.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>One line of <c>GET /api/cohorts</c>.</summary>
public sealed record CohortSummary
{
    /// <summary>The cohort id.</summary>
    public required string Id { get; init; }

    /// <summary>Name from the manifest.</summary>
    public string Name { get; init; } = "";

    /// <summary>Current state.</summary>
    public CohortState State { get; init; }

    /// <summary>Slides in the manifest.</summary>
    public int SlidesTotal { get; init; }

    /// <summary>Slides completed.</summary>
    public int SlidesCompleted { get; init; }

    /// <summary>Slides failed.</summary>
    public int SlidesFailed { get; init; }

    /// <summary>Fraction done, 0 to 1.</summary>
    public double Progress { get; init; }

    /// <summary>When the cohort was accepted.</summary>
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
