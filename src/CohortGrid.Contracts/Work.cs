namespace CohortGrid.Contracts;

/// <summary>What a slide grain is asked to do.</summary>
[GenerateSerializer, Immutable]
public sealed record SlideWork
{
    [Id(0)]
    public string CohortId { get; init; } = "";

    [Id(1)]
    public ManifestSlide Slide { get; init; } = new("", "", "");

    [Id(2)]
    public string EncoderId { get; init; } = "";

    /// <summary>Increases each time the cohort (re)starts the slide; outcomes of older attempts are ignored.</summary>
    [Id(3)]
    public int Attempt { get; init; }
}

/// <summary>A batch of tiles of one slide for a tile grain: where to read and what to embed.</summary>
[GenerateSerializer, Immutable]
public sealed record TileBatchRequest
{
    /// <summary>
    /// The slide as the manifest names it (a path under the allowed roots, or <c>az://container/name</c>): each silo
    /// resolves it itself, blob slides through its own download cache.
    /// </summary>
    [Id(0)]
    public string SlideLocation { get; init; } = "";

    /// <summary>The blob slide's ETag the slide grain planned from, so every batch reads that version; null for local files.</summary>
    [Id(7)]
    public string? SlideVersion { get; init; }

    [Id(1)]
    public string EncoderId { get; init; } = "";

    /// <summary>Pyramid level the grid reads from.</summary>
    [Id(2)]
    public int Level { get; init; }

    [Id(3)]
    public int ReadWidth { get; init; }

    [Id(4)]
    public int ReadHeight { get; init; }

    /// <summary>Level-0 (x, y) of each tile, interleaved.</summary>
    [Id(5)]
    public IReadOnlyList<long> Coordinates { get; init; } = [];

    /// <summary>Tile heads (model ids) to apply to the embeddings, for tile-level maps (e.g. per-gene scores).</summary>
    [Id(6)]
    public IReadOnlyList<string> TileHeadIds { get; init; } = [];

    public int Count => Coordinates.Count / 2;
}

/// <summary>Embeddings of the tiles of a batch that passed QC.</summary>
[GenerateSerializer, Immutable]
public sealed record TileBatchResult
{
    /// <summary>Per requested tile: true when it passed QC and has an embedding row.</summary>
    [Id(0)]
    public IReadOnlyList<bool> Kept { get; init; } = [];

    /// <summary>Row-major [kept tiles, Dimension].</summary>
    [Id(1)]
    public float[] Embeddings { get; init; } = [];

    [Id(2)]
    public int Dimension { get; init; }

    /// <summary>Silo that embedded the batch (for placement checks and diagnostics).</summary>
    [Id(3)]
    public string Silo { get; init; } = "";

    /// <summary>Per requested tile head: row-major [kept tiles, head outputs].</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, float[]> HeadOutputs { get; init; } = new Dictionary<string, float[]>();
}
