namespace CohortGrid.Analytics.Plots;

/// <summary>Maps a data interval linearly onto a pixel interval (which may run backwards, as a y axis does).</summary>
/// <param name="DomainMin">Data value mapped to <paramref name="RangeStart"/>.</param>
/// <param name="DomainMax">Data value mapped to <paramref name="RangeEnd"/>.</param>
/// <param name="RangeStart">Pixel position of <paramref name="DomainMin"/>.</param>
/// <param name="RangeEnd">Pixel position of <paramref name="DomainMax"/>.</param>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeStart, double RangeEnd)
{
    /// <summary>The pixel position of <paramref name="value"/> (not clamped).</summary>
    public double Map(double value) =>
        DomainMax == DomainMin
            ? (RangeStart + RangeEnd) / 2
            : RangeStart + ((value - DomainMin) / (DomainMax - DomainMin) * (RangeEnd - RangeStart));
}
