namespace CohortGrid.Analytics.Plots;

/// <summary>Point marker shapes on the raster canvas.</summary>
public enum MarkerShape
{
    /// <summary>A filled disc.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A '+' of two strokes.</summary>
    Plus,

    /// <summary>An '×' of two strokes.</summary>
    Cross,
}
