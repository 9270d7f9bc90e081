using System.Globalization;
using System.Text;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Cli.Commands;

/// <summary>The tile grid as CSV: one row per grid position, QC columns empty where pixels were not read.</summary>
internal static class TileCsv
{
    public const string Header = "index,column,row,x,y,tissue_fraction,white_fraction,gray_fraction,laplacian_variance,kept,drop_reasons";

    public static string Write(TileGrid grid, IReadOnlyDictionary<int, TileQcResult> quality)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var tile in grid.Candidates)
        {
            var measured = quality.TryGetValue(tile.Index, out var qc);
            var drop = tile.Drop | (measured ? qc.Drop : TileDropReason.None);
            csv.Append(CultureInfo.InvariantCulture, $"{tile.Index},{tile.Column},{tile.Row},{tile.X},{tile.Y},{tile.TissueFraction:0.####},");
            csv.Append(measured ? string.Create(CultureInfo.InvariantCulture, $"{qc.WhiteFraction:0.####},{qc.GrayFraction:0.####},{qc.LaplacianVariance:0.#}") : ",,");
            csv.Append(CultureInfo.InvariantCulture, $",{(drop == TileDropReason.None ? 1 : 0)},{Reasons(drop)}").AppendLine();
        }

        return csv.ToString();
    }

    private static string Reasons(TileDropReason drop) =>
        drop == TileDropReason.None ? string.Empty : drop.ToString().Replace(", ", "|", StringComparison.Ordinal);
}
