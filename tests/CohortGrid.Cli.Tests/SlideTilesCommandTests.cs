using System.Globalization;
using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class SlideTilesCommandTests
{
    [Fact]
    public void Tiles_writes_every_grid_position_with_tissue_and_qc_columns()
    {
        using var temp = new TempDirectory();
        var csv = temp.File("tiles.csv");

        var (code, output, _) = Cli.Run("slide", "tiles", TestData.Slide("CMU-1-Small-Region.svs"), "--out", csv);

        Assert.Equal(0, code);
        Assert.Contains("117 positions", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,column,row,x,y,tissue_fraction,white_fraction,gray_fraction,laplacian_variance,kept,drop_reasons", lines[0]);
        Assert.Equal(117, lines.Length - 1);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows.Where(r => r[10] == "LowTissue"), r => Assert.Equal(string.Empty, r[6]));
        var kept = rows.Where(r => r[9] == "1").ToList();
        Assert.NotEmpty(kept);
        Assert.All(kept, r => Assert.True(double.Parse(r[5], CultureInfo.InvariantCulture) >= 0.25));
        Assert.All(kept, r => Assert.True(double.Parse(r[8], CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public void Tiles_at_a_coarser_resolution_and_size_change_the_grid()
    {
        var (code, output, _) = Cli.Run("slide", "tiles", TestData.Slide("CMU-1-Small-Region.svs"), "--mpp", "1.0", "--size", "112");

        Assert.Equal(0, code);
        // 112 px at 1 µm/px span 224.4 level-0 px: the same 9x13 positions as the default.
        Assert.Equal(118, output.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Out_of_range_tile_size_is_a_clear_error()
    {
        var (code, _, error) = Cli.Run("slide", "tiles", TestData.Slide("CMU-1-Small-Region.svs"), "--size", "2");

        Assert.Equal(1, code);
        Assert.Contains("Tile size must be between 8 and 8192", error, StringComparison.Ordinal);
    }
}
