using System.Runtime.CompilerServices;
using System.Text;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// Seeded weights for the sample models. Each tensor draws from its own SplitMix64 stream keyed by
/// (seed, tensor name), and values are built with exact float arithmetic only, so a seed gives the
/// same bytes on every platform and runtime, and adding a layer does not shift the others.
/// </summary>
internal static class WeightRandom
{
    /// <summary>Kaiming/He uniform: U(-a, a) with a = gain·sqrt(6 / fanIn), variance gain²·2/fanIn.</summary>
    public static float[] He(int seed, string name, int count, int fanIn, float gain = 1f) =>
        Uniform(seed, name, count, gain * MathF.Sqrt(6f / fanIn));

    /// <summary><paramref name="count"/> values uniform in [-<paramref name="limit"/>, <paramref name="limit"/>).</summary>
    public static float[] Uniform(int seed, string name, int count, float limit)
    {
        var state = StreamSeed(seed, name);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            // 24 random bits fill a float mantissa exactly: a value in [-1, 1) with no rounding.
            var unit = ((int)(Next(ref state) >> 40) - (1 << 23)) * (1f / (1 << 23));
            values[i] = unit * limit;
        }

        return values;
    }

    private static ulong StreamSeed(int seed, string name)
    {
        // FNV-1a over the name: string.GetHashCode is randomised per process.
        var hash = 0xCBF29CE484222325ul;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 0x100000001B3ul;
        }

        return hash ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15ul);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        return z ^ (z >> 31);
    }
}
