using System.Text.Json;
using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class SlideInspectCommandTests
{
    [Fact]
    public void Inspect_prints_metadata_tissue_and_tile_count()
    {
        var (code, output, error) = Cli.Run("slide", "inspect", TestData.Slide("CMU-1-Small-Region.svs"));

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("aperio", output, StringComparison.Ordinal);
        Assert.Contains("2220 x 2967", output, StringComparison.Ordinal);
        Assert.Contains("0.499 x 0.499 µm/px (OpenSlide)", output, StringComparison.Ordinal);
        Assert.Matches(@"9x13 positions, \d+ tiles with tissue", output);
    }

    [Fact]
    public void Inspect_json_is_machine_readable()
    {
        var (code, output, _) = Cli.Run("slide", "inspect", TestData.Slide("CMU-1-Small-Region.svs"), "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("aperio", json.RootElement.GetProperty("vendor").GetString());
        Assert.Equal(0.499, json.RootElement.GetProperty("mppX").GetDouble(), 6);
        Assert.Equal("openSlide", json.RootElement.GetProperty("mppSource").GetString());
        Assert.InRange(json.RootElement.GetProperty("tissue").GetProperty("tissueFraction").GetDouble(), 0.3, 0.5);
        Assert.True(json.RootElement.GetProperty("grid").GetProperty("tiles").GetInt32() > 0);
    }

    [Fact]
    public void Inspect_without_mpp_shows_metadata_then_fails_with_one_line_naming_the_fix()
    {
        var (code, output, error) = Cli.Run("slide", "inspect", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"));

        Assert.Equal(1, code);
        Assert.Contains("unknown (supply --mpp-override)", output, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("cohortgrid: error: ", error, StringComparison.Ordinal);
        Assert.Contains("--mpp-override", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_with_mpp_override_succeeds_on_a_slide_without_mpp()
    {
        var (code, output, _) = Cli.Run("slide", "inspect", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"), "--mpp-override", "0.25");

        Assert.Equal(0, code);
        Assert.Contains("0.25 x 0.25 µm/px (Override)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-slide.svs", "not in a format OpenSlide recognises")]
    [InlineData("truncated-aperio.svs", "truncated")]
    [InlineData("unopenable.tiff", "Unsupported TIFF compression")]
    public void Bad_file_fails_with_one_clear_line_and_no_stack_trace(string file, string expected)
    {
        var (code, _, error) = Cli.Run("slide", "inspect", TestData.BadSlide(file));

        Assert.Equal(1, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var (code, _, error) = Cli.Run("slide", "inspect", TestData.BadSlide("not-a-slide.svs"), "--verbose");

        Assert.Equal(1, code);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_fails_with_one_line()
    {
        var (code, _, error) = Cli.Run("slide", "inspect", "/no/such/slide.svs");

        Assert.Equal(1, code);
        Assert.Equal("cohortgrid: error: Slide '/no/such/slide.svs' does not exist.", error.TrimEnd());
    }
}
