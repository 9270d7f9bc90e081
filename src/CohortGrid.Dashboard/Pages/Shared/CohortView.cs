using CohortGrid.Client;

namespace CohortGrid.Dashboard.Pages.Shared;

/// <summary>The result files of a cohort arranged for its page: the slide viewer's images and the plots.</summary>
public sealed record CohortView(IReadOnlyList<ViewerSlide> Slides, IReadOnlyList<Overlay> Overlays, ViewerSlide? Selected, string? SelectedOverlay, ResultFile? KmPlot, ResultFile? ExpressionPlot)
{
    public static CohortView Empty { get; } = new([], [], null, null, null, null);

    public static CohortView Build(CohortStatus status, IReadOnlyList<ResultFile> files, string? slide, string? overlay)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(files);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var slides = new List<ViewerSlide>();
        foreach (var s in status.Slides)
        {
            var prefix = $"slides/{s.SlideId}/";
            if (!byPath.TryGetValue(prefix + "thumbnail.png", out var thumbnail))
            {
                continue;
            }

            var maps = files
                .Where(f => f.Path.StartsWith(prefix + "map_", StringComparison.Ordinal) && f.Path.EndsWith(".png", StringComparison.Ordinal) && !f.Path[prefix.Length..].Contains('/', StringComparison.Ordinal))
                .Select(f => (Key: OverlayKey(f.Path[(prefix.Length + "map_".Length)..^".png".Length]), f.Url))
                .ToDictionary(m => m.Key, m => m.Url, StringComparer.Ordinal);
            slides.Add(new ViewerSlide(s.SlideId, s.PatientId, thumbnail.Url, byPath.GetValueOrDefault(prefix + "mask.png")?.Url, maps));
        }

        var overlays = slides.SelectMany(s => s.Maps.Keys).Distinct(StringComparer.Ordinal)
            .Select(k => new Overlay(k, OverlayLabel(k)))
            .OrderBy(o => o.Key.StartsWith("gene:", StringComparison.Ordinal) ? 2 : o.Key == "risk" ? 0 : 1)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
        var selected = slides.FirstOrDefault(s => s.SlideId == slide) ?? slides.FirstOrDefault();

        // Without a choice (null), show the first heatmap there is: it is what a researcher opens the viewer for.
        // An empty choice is "none".
        var chosen = overlay is null ? overlays.FirstOrDefault()?.Key : overlays.Any(o => o.Key == overlay) ? overlay : null;
        return new CohortView(
            slides,
            overlays,
            selected,
            chosen,
            byPath.GetValueOrDefault("plots/km_risk_groups.svg") ?? byPath.GetValueOrDefault("plots/km_risk_groups.png"),
            byPath.GetValueOrDefault("plots/expression_top_genes.svg") ?? byPath.GetValueOrDefault("plots/expression_top_genes.png"));
    }

    /// <summary><c>risk</c>, <c>attention</c> or <c>gene:NAME</c> from the part of <c>map_*.png</c> after <c>map_</c>.</summary>
    public static string OverlayKey(string name) => name.StartsWith("gene_", StringComparison.Ordinal) ? "gene:" + name["gene_".Length..] : name;

    public static string OverlayLabel(string key) => key switch
    {
        "risk" => "Risk (blue low, red high)",
        "attention" => "Attention weight",
        _ when key.StartsWith("gene:", StringComparison.Ordinal) => $"Predicted {key["gene:".Length..]} expression",
        _ => key,
    };

    /// <summary>Alternative text of a heatmap image.</summary>
    public static string OverlayAlt(string key, string slideId) => key switch
    {
        "risk" => $"Tile risk heatmap of slide {slideId}: blue is low predicted risk, red high",
        "attention" => $"Attention heatmap of slide {slideId}: brighter tiles weigh more in the slide vector",
        _ when key.StartsWith("gene:", StringComparison.Ordinal) => $"Heatmap of predicted {key["gene:".Length..]} expression per tile of slide {slideId}: yellow high, purple low",
        _ => $"Heatmap {key} of slide {slideId}",
    };
}

/// <summary>A slide with a thumbnail: its tissue mask and heatmaps (overlay key to URL).</summary>
public sealed record ViewerSlide(string SlideId, string PatientId, string ThumbnailUrl, string? MaskUrl, IReadOnlyDictionary<string, string> Maps);

/// <summary>A kind of heatmap some slide has.</summary>
public sealed record Overlay(string Key, string Label);
