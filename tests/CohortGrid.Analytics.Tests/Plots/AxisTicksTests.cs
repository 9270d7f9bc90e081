using System.Globalization;
using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class AxisTicksTests
{
    [Theory]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(1730.0, 5, 500.0)]
    [InlineData(10.0, 5, 2.0)]
    [InlineData(0.037, 5, 0.01)]
    [InlineData(7300.0, 6, 1000.0)]
    [InlineData(42.0, 4, 10.0)]
    public void Nice_steps_are_one_two_or_five_times_a_power_of_ten(double span, int target, double expected)
    {
        Assert.Equal(expected, AxisTicks.NiceStep(span, target), 12);
    }

    [Fact]
    public void Every_nice_step_has_mantissa_one_two_or_five()
    {
        for (var span = 0.001; span < 1e6; span *= 1.37)
        {
            var step = AxisTicks.NiceStep(span, 5);
            var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
            Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
        }
    }

    [Fact]
    public void Ticks_for_zero_to_one_are_tenths_in_steps_of_two()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], AxisTicks.Ticks(0, 1));
    }

    [Fact]
    public void Tick_values_are_free_of_floating_point_dust()
    {
        var ticks = AxisTicks.Ticks(0, 0.9, 9);
        Assert.Contains(0.3, ticks);
        Assert.Contains(0.7, ticks);
    }

    [Fact]
    public void A_nice_range_widens_outwards_to_whole_steps()
    {
        Assert.Equal((0.0, 2000.0, 500.0), AxisTicks.NiceRange(0, 1730));
        Assert.Equal((-4.0, 12.0, 2.0), AxisTicks.NiceRange(-3.1, 11.2, 6));
    }

    [Fact]
    public void A_single_value_still_gets_an_axis_around_it()
    {
        var (min, max, step) = AxisTicks.NiceRange(5, 5);
        Assert.True(min < 5 && max > 5 && step > 0);
        Assert.NotEmpty(AxisTicks.Ticks(0, 0));
    }

    [Theory]
    [InlineData(0.4, 0.2, "0.4")]
    [InlineData(1500.0, 500.0, "1500")]
    [InlineData(0.05, 0.01, "0.05")]
    [InlineData(-0.0000001, 0.2, "0.0")]
    [InlineData(1.0, 0.2, "1.0")]
    [InlineData(-2.5, 0.5, "-2.5")]
    public void Tick_labels_have_the_decimals_the_step_needs(double value, double step, string expected)
    {
        Assert.Equal(expected, AxisTicks.Format(value, step));
    }

    [Fact]
    public void Tick_labels_ignore_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaDecimalCulture();
            Assert.Equal("0.5", AxisTicks.Format(0.5, 0.1));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    /// <summary>A culture with a decimal comma; named cultures are unavailable under invariant globalization.</summary>
    private static CultureInfo CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }
}
