namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Value noise: random values on a lattice, smoothly interpolated between. Optionally periodic so a
/// precomputed texture can be repeated without seams.
/// </summary>
internal sealed class LatticeNoise
{
    private readonly float[] _values;
    private readonly int _columns;
    private readonly int _rows;
    private readonly float _cellX;
    private readonly float _cellY;
    private readonly bool _periodic;

    /// <summary>Noise over <paramref name="width"/> x <paramref name="height"/> with features about one cell across.</summary>
    public LatticeNoise(Random random, double width, double height, double cellX, double cellY, bool periodic = false)
    {
        _cellX = (float)cellX;
        _cellY = (float)cellY;
        _periodic = periodic;
        _columns = Math.Max(1, (int)Math.Ceiling(width / cellX)) + (periodic ? 0 : 2);
        _rows = Math.Max(1, (int)Math.Ceiling(height / cellY)) + (periodic ? 0 : 2);
        _values = new float[_columns * _rows];
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = random.NextSingle();
        }
    }

    /// <summary>A value in [0, 1) at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public float Sample(float x, float y)
    {
        var gx = x / _cellX;
        var gy = y / _cellY;
        var i = (int)MathF.Floor(gx);
        var j = (int)MathF.Floor(gy);
        var fx = Smooth(gx - i);
        var fy = Smooth(gy - j);
        var v00 = Value(i, j);
        var v10 = Value(i + 1, j);
        var v01 = Value(i, j + 1);
        var v11 = Value(i + 1, j + 1);
        var top = v00 + ((v10 - v00) * fx);
        var bottom = v01 + ((v11 - v01) * fx);
        return top + ((bottom - top) * fy);
    }

    private float Value(int i, int j)
    {
        if (_periodic)
        {
            i = ((i % _columns) + _columns) % _columns;
            j = ((j % _rows) + _rows) % _rows;
        }
        else
        {
            i = Math.Clamp(i, 0, _columns - 1);
            j = Math.Clamp(j, 0, _rows - 1);
        }

        return _values[(j * _columns) + i];
    }

    private static float Smooth(float t) => t * t * (3 - (2 * t));
}
