namespace CohortGrid.Analytics.Plots;

/// <summary>A corner of a plot area or image, for legends and colour bars.</summary>
public enum PlotCorner
{
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}
