using System.CommandLine;

namespace CohortGrid.Cli.Commands;

/// <summary>Options shared by the slide commands.</summary>
internal static class SlideOptions
{
    public static Argument<FileInfo> Path() => new("path") { Description = "Whole-slide image (SVS, NDPI, MRXS, SCN, tiled TIFF, ...)." };

    public static Option<double?> MppOverride() => new("--mpp-override")
    {
        Description = "Microns per pixel to use instead of the slide's metadata (needed when the slide has none).",
    };

    public static Option<double> TargetMpp() => new("--mpp") { Description = "Tile resolution in µm/px.", DefaultValueFactory = _ => 0.5 };

    public static Option<int> TileSize() => new("--size") { Description = "Tile side in pixels at the target resolution.", DefaultValueFactory = _ => 224 };

    public static Option<double> MinTissue() => new("--min-tissue")
    {
        Description = "Minimum tissue fraction for a tile to be kept (0-1).",
        DefaultValueFactory = _ => 0.25,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of text." };
}
