namespace CohortGrid.Grains.Placement;

/// <summary>Reads the slide key out of a tile grain key <c>{slideKey}/{batchIndex}</c>.</summary>
public static class TileSlideKey
{
    /// <summary>
    /// Everything before the last '/', since slide keys may themselves contain '/'; a key without one is its own slide key.
    /// </summary>
    public static string Of(string tileKey)
    {
        ArgumentNullException.ThrowIfNull(tileKey);
        var slash = tileKey.LastIndexOf('/');
        return slash < 0 ? tileKey : tileKey[..slash];
    }
}
