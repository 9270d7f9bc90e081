using System.Runtime.CompilerServices;

namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Value noise precomputed over a square power-of-two tile that repeats seamlessly: a table look-up
/// per pixel instead of four lattice reads and an interpolation, which matters at tens of megapixels.
/// </summary>
internal sealed class NoiseTexture
{
    private readonly float[] _values;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>A texture of side 2^<paramref name="log2Size"/> with features about <paramref name="cellX"/> x <paramref name="cellY"/> pixels.</summary>
    public NoiseTexture(Random random, int log2Size, int cellX, int cellY)
    {
        var size = 1 << log2Size;
        if (size % cellX != 0 || size % cellY != 0)
        {
            throw new ArgumentException("Cells must divide the texture so it repeats without a seam.");
        }

        _shift = log2Size;
        _mask = size - 1;
        var noise = new LatticeNoise(random, size, size, cellX, cellY, periodic: true);
        _values = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                _values[(y << log2Size) + x] = noise.Sample(x, y);
            }
        }
    }

    /// <summary>A value in [0, 1); any integer coordinates, the texture repeats.</summary>
    public float this[int x, int y]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _values[((y & _mask) << _shift) | (x & _mask)];
    }
}
