namespace CohortGrid.Inference;

/// <summary>What a model consumes and produces.</summary>
public enum ModelKind
{
    /// <summary>Image tiles [N,3,S,S] to embeddings [N,D].</summary>
    TileEncoder,

    /// <summary>Slide vectors [N,D] to slide-level outputs (e.g. a risk score).</summary>
    SlideHead,

    /// <summary>Tile embeddings [N,D] to tile-level outputs (e.g. per-gene scores for spatial maps).</summary>
    TileHead,
}
