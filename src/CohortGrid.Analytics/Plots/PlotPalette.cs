namespace CohortGrid.Analytics.Plots;

/// <summary>Categorical colours for groups (Kaplan–Meier strata, scatter points).</summary>
public static class PlotPalette
{
    // Okabe–Ito: distinguishable under the common colour-vision deficiencies, which matters for group curves.
    private static readonly PlotColor[] Colors =
    [
        PlotColor.FromHex("#0072B2"),
        PlotColor.FromHex("#D55E00"),
        PlotColor.FromHex("#009E73"),
        PlotColor.FromHex("#CC79A7"),
        PlotColor.FromHex("#E69F00"),
        PlotColor.FromHex("#56B4E9"),
        PlotColor.FromHex("#000000"),
        PlotColor.FromHex("#F0E442"),
    ];

    /// <summary>The colour of group <paramref name="index"/>; the palette repeats after eight groups.</summary>
    public static PlotColor Group(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
