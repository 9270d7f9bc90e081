namespace CohortGrid.Slides.Tests;

public sealed class MppResolverTests
{
    [Fact]
    public void Openslide_mpp_comes_first()
    {
        var result = MppResolver.Resolve(Props(("openslide.mpp-x", "0.25"), ("openslide.mpp-y", "0.26"), ("aperio.MPP", "0.5")));

        Assert.Equal((0.25, 0.26, MppSource.OpenSlide), result);
    }

    [Fact]
    public void Aperio_vendor_property_is_used_when_openslide_has_none()
    {
        var result = MppResolver.Resolve(Props(("aperio.MPP", "0.2527")));

        Assert.Equal((0.2527, 0.2527, MppSource.VendorProperty), result);
    }

    [Fact]
    public void Philips_pixel_spacing_in_millimetres_becomes_microns()
    {
        var result = MppResolver.Resolve(Props(("philips.DICOM_PIXEL_SPACING", "\"0.000227\" \"0.000226\"")));

        Assert.NotNull(result);
        Assert.Equal(0.226, result.Value.X, 9);
        Assert.Equal(0.227, result.Value.Y, 9);
    }

    [Theory]
    [InlineData("centimeter", "40000", 0.25)]
    [InlineData("inch", "101600", 0.25)]
    public void Tiff_resolution_with_unit_gives_mpp(string unit, string resolution, double expected)
    {
        var result = MppResolver.Resolve(Props(("tiff.ResolutionUnit", unit), ("tiff.XResolution", resolution), ("tiff.YResolution", resolution)));

        Assert.NotNull(result);
        Assert.Equal(expected, result.Value.X, 9);
        Assert.Equal(MppSource.TiffResolution, result.Value.Source);
    }

    [Fact]
    public void Tiff_resolution_without_unit_is_only_an_aspect_ratio_and_is_ignored()
    {
        Assert.Null(MppResolver.Resolve(Props(("tiff.ResolutionUnit", "none"), ("tiff.XResolution", "40000"), ("tiff.YResolution", "40000"))));
    }

    [Fact]
    public void Implausible_values_are_ignored()
    {
        Assert.Null(MppResolver.Resolve(Props(("openslide.mpp-x", "0"), ("openslide.mpp-y", "0"), ("aperio.MPP", "NaN"))));
    }

    [Fact]
    public void Override_out_of_range_is_rejected_with_the_allowed_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MppResolver.Resolve(Props(), overrideMpp: 250));

        Assert.Contains("between 0.01 and 20", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Props(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
