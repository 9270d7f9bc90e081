namespace CohortGrid.Analytics.Plots;

/// <summary>Which point of a text line its position names, along the reading direction.</summary>
public enum TextAnchor
{
    /// <summary>The position is where the text begins.</summary>
    Start,

    /// <summary>The position is the text's centre.</summary>
    Middle,

    /// <summary>The position is where the text ends.</summary>
    End,
}
