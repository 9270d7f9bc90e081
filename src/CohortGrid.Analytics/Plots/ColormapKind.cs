namespace CohortGrid.Analytics.Plots;

/// <summary>The colormaps available for heatmaps.</summary>
public enum ColormapKind
{
    /// <summary>Sequential, perceptually uniform, dark purple to yellow: for risk, attention, scores ≥ 0.</summary>
    Viridis,

    /// <summary>Diverging blue–white–red (ColorBrewer RdBu, reversed): for signed values centred on 0.</summary>
    BlueWhiteRed,
}
