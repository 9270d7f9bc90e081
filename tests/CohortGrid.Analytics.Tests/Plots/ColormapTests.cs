using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class ColormapTests
{
    [Fact]
    public void Viridis_runs_from_dark_purple_to_yellow()
    {
        Assert.Equal(PlotColor.FromHex("#440154"), Colormap.Viridis.Map(0));
        Assert.Equal(PlotColor.FromHex("#FDE725"), Colormap.Viridis.Map(1));
    }

    [Fact]
    public void Viridis_lightness_rises_monotonically()
    {
        // Strictly rising at the resolution a colour bar shows; between neighbouring 8-bit colours only rounding
        // (far below a visible difference of about 1 L*) may dip.
        for (var k = 0; k < 64; k++)
        {
            Assert.True(Lightness(Colormap.Viridis.Map((k + 1) / 64.0)) > Lightness(Colormap.Viridis.Map(k / 64.0)), $"L* falls after t = {k / 64.0}");
        }

        var previous = double.MinValue;
        for (var k = 0; k <= 1024; k++)
        {
            var lightness = Lightness(Colormap.Viridis.Map(k / 1024.0));
            Assert.True(lightness >= previous - 0.2, $"L* falls at t = {k / 1024.0}");
            previous = Math.Max(previous, lightness);
        }

        Assert.True(Lightness(Colormap.Viridis.Map(1)) - Lightness(Colormap.Viridis.Map(0)) > 60);
    }

    [Fact]
    public void Blue_white_red_is_blue_at_the_low_end_white_in_the_middle_and_red_at_the_high_end()
    {
        var low = Colormap.BlueWhiteRed.Map(0);
        var high = Colormap.BlueWhiteRed.Map(1);
        Assert.True(low.B > low.R + 100);
        Assert.True(high.R > high.B + 100);
        Assert.Equal(PlotColor.White, Colormap.BlueWhiteRed.Map(0.5));
        Assert.True(Colormap.BlueWhiteRed.IsDiverging);
        Assert.False(Colormap.Viridis.IsDiverging);
    }

    [Fact]
    public void Diverging_lightness_peaks_in_the_middle()
    {
        for (var k = 0; k < 256; k++)
        {
            var left = Lightness(Colormap.BlueWhiteRed.Map(k / 512.0));
            var next = Lightness(Colormap.BlueWhiteRed.Map((k + 1) / 512.0));
            Assert.True(next >= left - 0.2);
        }
    }

    [Fact]
    public void Positions_outside_zero_to_one_are_clamped_to_the_end_colours()
    {
        Assert.Equal(Colormap.Viridis.Map(0), Colormap.Viridis.Map(-3));
        Assert.Equal(Colormap.Viridis.Map(1), Colormap.Viridis.Map(7));
        Assert.Equal(Colormap.Viridis.Map(1), Colormap.Viridis.Map(50, 0, 10));
    }

    [Fact]
    public void Interpolation_is_linear_between_control_points()
    {
        var stops = Colormap.Viridis.ControlPoints;
        var between = Colormap.Viridis.Map(0.5 / (stops.Count - 1));
        Assert.Equal(PlotColor.Lerp(stops[0], stops[1], 0.5), between);
    }

    /// <summary>CIE L* of an sRGB colour (D65).</summary>
    private static double Lightness(PlotColor c)
    {
        var y = (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));
        return y > 216.0 / 24389 ? (116 * Math.Cbrt(y)) - 16 : y * 24389 / 27;

        static double Linear(byte v)
        {
            var s = v / 255.0;
            return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
    }
}
