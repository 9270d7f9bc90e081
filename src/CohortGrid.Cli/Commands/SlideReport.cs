using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CohortGrid.Slides;

namespace CohortGrid.Cli.Commands;

/// <summary>Text and JSON renderings of a slide's metadata and plan for <c>slide inspect</c>.</summary>
internal static class SlideReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Text(SlideMetadata metadata, SlidePlan? plan)
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"{label,-12}{value}").AppendLine();

        Line("Slide", metadata.Path);
        Line("Vendor", metadata.Vendor);
        Line("Size", $"{metadata.Width} x {metadata.Height} px at level 0");
        Line("Levels", string.Join(", ", metadata.Levels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Index}: {l.Width}x{l.Height} ({l.Downsample:0.###}x)"))));
        Line("mpp", metadata.HasMpp
            ? string.Create(CultureInfo.InvariantCulture, $"{metadata.MppX:0.#####} x {metadata.MppY:0.#####} µm/px ({metadata.MppSource})")
            : "unknown (supply --mpp-override)");
        Line("Objective", metadata.ObjectivePower is { } power ? string.Create(CultureInfo.InvariantCulture, $"{power:0.##}x") : "unknown");
        Line("Quickhash", metadata.QuickHash);
        Line("Associated", metadata.AssociatedImages.Count > 0 ? string.Join(", ", metadata.AssociatedImages) : "none");
        if (plan is not null)
        {
            var mask = plan.Tissue.Mask;
            var grid = plan.Grid;
            Line("Tissue", string.Create(CultureInfo.InvariantCulture, $"{mask.TissueFraction:P1} of the slide ({mask.TissueAreaMm2:0.##} mm²), threshold {mask.Threshold}, from {plan.Tissue.Source}"));
            Line("Tile grid", string.Create(
                CultureInfo.InvariantCulture,
                $"{grid.Options.TargetMpp} µm/px, {grid.Options.TileSize} px: level {grid.Level}, read {grid.ReadWidth}x{grid.ReadHeight}, {grid.Columns}x{grid.Rows} positions, {grid.Tiles.Count} tiles with tissue >= {grid.Options.MinTissueFraction:P0}"));
            Line("Planned in", string.Create(CultureInfo.InvariantCulture, $"{plan.Elapsed.TotalMilliseconds:0} ms"));
        }

        return text.ToString();
    }

    public static string Json(SlideMetadata metadata, SlidePlan? plan) => JsonSerializer.Serialize(
        new
        {
            metadata.Path,
            metadata.Vendor,
            metadata.Width,
            metadata.Height,
            Levels = metadata.Levels.Select(l => new { l.Index, l.Width, l.Height, l.Downsample }),
            metadata.MppX,
            metadata.MppY,
            metadata.MppSource,
            metadata.ObjectivePower,
            metadata.QuickHash,
            metadata.AssociatedImages,
            Tissue = plan is null ? null : new
            {
                plan.Tissue.Mask.TissueFraction,
                plan.Tissue.Mask.TissueAreaMm2,
                plan.Tissue.Mask.Threshold,
                plan.Tissue.Source,
            },
            Grid = plan is null ? null : new
            {
                plan.Grid.Options.TargetMpp,
                plan.Grid.Options.TileSize,
                plan.Grid.Options.MinTissueFraction,
                plan.Grid.Level,
                plan.Grid.ReadWidth,
                plan.Grid.ReadHeight,
                plan.Grid.Columns,
                plan.Grid.Rows,
                Positions = plan.Grid.Candidates.Count,
                Tiles = plan.Grid.Tiles.Count,
            },
            PlanMilliseconds = plan?.Elapsed.TotalMilliseconds,
        },
        JsonOptions);
}
