using System.Runtime.CompilerServices;

namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Stateless per-pixel randomness: the same (x, y, seed) always gives the same value, whichever
/// thread renders the pixel and in whatever order, which keeps parallel rendering deterministic.
/// </summary>
internal static class PixelHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(int x, int y, uint seed)
    {
        var h = ((uint)x * 0x8DA6B343u) ^ ((uint)y * 0xD8163841u) ^ (seed * 0xCB1AB31Fu);
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return h;
    }
}
