namespace CohortGrid.Analytics.Plots;

/// <summary>A point in output pixels (x to the right, y down), shared by the canvas and the SVG writer.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position, growing downwards.</param>
public readonly record struct PlotPoint(double X, double Y);
