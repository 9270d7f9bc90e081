namespace CohortGrid.Analytics.Plots;

/// <summary>A colormap given by evenly spaced control colours, linearly interpolated in sRGB between them.</summary>
public sealed class Colormap
{
    // Viridis sampled at ten evenly spaced positions; interpolating between them stays within a couple of levels of
    // the full 256-entry table, and lightness still rises monotonically from end to end (up to 8-bit rounding).
    private static readonly PlotColor[] ViridisStops =
    [
        PlotColor.FromHex("#440154"),
        PlotColor.FromHex("#482878"),
        PlotColor.FromHex("#3E4A89"),
        PlotColor.FromHex("#31688E"),
        PlotColor.FromHex("#26828E"),
        PlotColor.FromHex("#1F9E89"),
        PlotColor.FromHex("#35B779"),
        PlotColor.FromHex("#6DCD59"),
        PlotColor.FromHex("#B4DE2C"),
        PlotColor.FromHex("#FDE725"),
    ];

    // ColorBrewer RdBu (9 classes) reversed so low is blue and high is red, with a pure white centre so
    // "no effect" reads as the thumbnail's own colour under the overlay.
    private static readonly PlotColor[] BlueWhiteRedStops =
    [
        PlotColor.FromHex("#2166AC"),
        PlotColor.FromHex("#4393C3"),
        PlotColor.FromHex("#92C5DE"),
        PlotColor.FromHex("#D1E5F0"),
        PlotColor.FromHex("#FFFFFF"),
        PlotColor.FromHex("#FDDBC7"),
        PlotColor.FromHex("#F4A582"),
        PlotColor.FromHex("#D6604D"),
        PlotColor.FromHex("#B2182B"),
    ];

    private readonly PlotColor[] _stops;

    private Colormap(ColormapKind kind, PlotColor[] stops)
    {
        Kind = kind;
        _stops = stops;
    }

    public static Colormap Viridis { get; } = new(ColormapKind.Viridis, ViridisStops);

    public static Colormap BlueWhiteRed { get; } = new(ColormapKind.BlueWhiteRed, BlueWhiteRedStops);

    public ColormapKind Kind { get; }

    /// <summary>True for maps with a neutral centre, whose value range is made symmetric around 0 by default.</summary>
    public bool IsDiverging => Kind == ColormapKind.BlueWhiteRed;

    /// <summary>The control colours, evenly spaced from position 0 to 1.</summary>
    public IReadOnlyList<PlotColor> ControlPoints => _stops;

    /// <summary>The map for <paramref name="kind"/>.</summary>
    public static Colormap For(ColormapKind kind) => kind switch
    {
        ColormapKind.Viridis => Viridis,
        ColormapKind.BlueWhiteRed => BlueWhiteRed,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown colormap."),
    };

    /// <summary>The colour at position <paramref name="t"/> in 0..1 (clamped); NaN maps to the centre.</summary>
    public PlotColor Map(double t)
    {
        if (double.IsNaN(t))
        {
            t = 0.5;
        }

        var position = Math.Clamp(t, 0, 1) * (_stops.Length - 1);
        var index = Math.Min((int)Math.Floor(position), _stops.Length - 2);
        return PlotColor.Lerp(_stops[index], _stops[index + 1], position - index);
    }

    /// <summary>The colour of <paramref name="value"/> on the range [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public PlotColor Map(double value, double min, double max) => Map(max > min ? (value - min) / (max - min) : 0.5);
}
