namespace CohortGrid.Analytics.Plots;

/// <summary>A rectangle in output pixels.</summary>
internal readonly record struct PlotRect(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;
}
