namespace CohortGrid.Client;

/// <summary>What <c>GET /api/cluster</c> returns: the silos and their work.</summary>
public sealed record ClusterStatus
{
    /// <summary>Every silo the membership knows, active or not.</summary>
    public IReadOnlyList<SiloInfo> Silos { get; init; } = [];

    /// <summary>Tiles per second over all GPU silos.</summary>
    public double TilesPerSecond { get; init; }

    /// <summary>Tile batches waiting or running over all GPU silos.</summary>
    public int QueueDepth { get; init; }

    /// <summary>Cohorts not yet finished.</summary>
    public int CohortsRunning { get; init; }
}

/// <summary>One silo.</summary>
public sealed record SiloInfo
{
    /// <summary>Silo address (ip:port@generation).</summary>
    public required string Address { get; init; }

    /// <summary>Silo name (host or pod name).</summary>
    public string Name { get; init; } = "";

    /// <summary>Roles: <c>cpu</c>, <c>gpu</c> or <c>cpu,gpu</c>.</summary>
    public string Role { get; init; } = "";

    /// <summary>Membership status: Active, Joining, ShuttingDown, Dead, ...</summary>
    public string Status { get; init; } = "";

    /// <summary>Activations per grain type (short names: CohortGrain, SlideGrain, TileGrain, ...).</summary>
    public IReadOnlyDictionary<string, int> Activations { get; init; } = new Dictionary<string, int>();

    /// <summary>Tiles per second embedded on this silo recently; 0 on silos without the gpu role.</summary>
    public double TilesPerSecond { get; init; }

    /// <summary>Tile batches queued or running on this silo.</summary>
    public int QueueDepth { get; init; }

    /// <summary>Tiles embedded on this silo since it started.</summary>
    public long TilesEmbedded { get; init; }

    /// <summary>When the silo last reported its figures; null if it never did.</summary>
    public DateTimeOffset? ReportedAt { get; init; }
}
