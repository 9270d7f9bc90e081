namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Where the tissue lies: a few irregular blobs (lobed outlines from angular harmonics, bumpy from
/// low-frequency noise) whose union covers the requested share of the slide. The field is in pixels
/// (roughly the distance inside the nearest outline), kept on a coarse grid and interpolated, plus a
/// fine boundary noise so edges are ragged at the cellular scale.
/// </summary>
internal sealed class TissueLayout
{
    /// <summary>Long side of the coarse grid; finer buys nothing since the outline detail comes from the edge noise.</summary>
    private const int GridLongSide = 512;

    private const float EdgeAmplitude = 14f;
    private const float SpeckleAmplitude = 3f;

    private readonly float[] _field;
    private readonly int _gridColumns;
    private readonly float _cell;
    private readonly NoiseTexture _edge;
    private readonly NoiseTexture _speckle;

    private TissueLayout(float[] field, int gridColumns, float cell, float threshold, NoiseTexture edge, NoiseTexture speckle)
    {
        _field = field;
        _gridColumns = gridColumns;
        _cell = cell;
        Threshold = threshold;
        _edge = edge;
        _speckle = speckle;
    }

    /// <summary>Field value at the tissue outline: above it is tissue.</summary>
    public float Threshold { get; }

    public static TissueLayout Create(int width, int height, double coverage, Random random)
    {
        var cell = (float)Math.Max(4.0, Math.Ceiling(Math.Max(width, height) / (double)GridLongSide));
        var columns = (int)Math.Ceiling(width / cell) + 2;
        var rows = (int)Math.Ceiling(height / cell) + 2;
        var blobs = Blobs(width, height, coverage, random);
        var meanRadius = blobs.Average(b => b.Radius);
        var lobes = new LatticeNoise(random, width, height, meanRadius / 1.5, meanRadius / 1.5);
        var field = new float[columns * rows];
        Parallel.For(0, rows, j =>
        {
            for (var i = 0; i < columns; i++)
            {
                float x = i * cell, y = j * cell;
                var best = float.MinValue;
                foreach (var blob in blobs)
                {
                    best = MathF.Max(best, blob.Field(x, y));
                }

                field[(j * columns) + i] = best + (0.3f * meanRadius * (lobes.Sample(x, y) - 0.5f));
            }
        });

        var edge = new NoiseTexture(random, 8, 16, 16);
        var speckle = new NoiseTexture(random, 7, 4, 4);
        return new TissueLayout(field, columns, cell, Quantile(field, columns, width, height, cell, coverage), edge, speckle);
    }

    /// <summary>The interpolated field along row <paramref name="y"/>, for x in [0, <paramref name="row"/>.Length).</summary>
    public void FieldRow(int y, Span<float> row)
    {
        var gy = y / _cell;
        var j = (int)gy;
        var fy = gy - j;
        var top = _field.AsSpan(j * _gridColumns, _gridColumns);
        var bottom = _field.AsSpan((j + 1) * _gridColumns, _gridColumns);
        for (var x = 0; x < row.Length; x++)
        {
            var gx = x / _cell;
            var i = (int)gx;
            var fx = gx - i;
            var upper = top[i] + ((top[i + 1] - top[i]) * fx);
            var lower = bottom[i] + ((bottom[i + 1] - bottom[i]) * fx);
            row[x] = upper + ((lower - upper) * fy) + EdgeNoise(x, y);
        }
    }

    /// <summary>The field at one pixel, boundary noise included.</summary>
    public float FieldAt(float x, float y)
    {
        var gx = x / _cell;
        var gy = y / _cell;
        var i = Math.Clamp((int)gx, 0, _gridColumns - 2);
        var j = Math.Clamp((int)gy, 0, (_field.Length / _gridColumns) - 2);
        var fx = gx - i;
        var fy = gy - j;
        var o = (j * _gridColumns) + i;
        var upper = _field[o] + ((_field[o + 1] - _field[o]) * fx);
        var lower = _field[o + _gridColumns] + ((_field[o + _gridColumns + 1] - _field[o + _gridColumns]) * fx);
        return upper + ((lower - upper) * fy) + EdgeNoise((int)x, (int)y);
    }

    public bool IsTissue(float x, float y) => FieldAt(x, y) > Threshold;

    private float EdgeNoise(int x, int y) =>
        (EdgeAmplitude * (_edge[x, y] - 0.5f)) + (SpeckleAmplitude * (_speckle[x, y] - 0.5f));

    /// <summary>The field value exceeded by the requested share of the slide's grid points.</summary>
    private static float Quantile(float[] field, int columns, int width, int height, float cell, double coverage)
    {
        if (coverage <= 0)
        {
            return float.PositiveInfinity;
        }

        var inside = new List<float>(field.Length);
        for (var j = 0; j * cell < height; j++)
        {
            for (var i = 0; i * cell < width; i++)
            {
                inside.Add(field[(j * columns) + i]);
            }
        }

        inside.Sort();
        var index = (int)Math.Clamp(Math.Round((1 - coverage) * inside.Count), 0, inside.Count - 1);
        return coverage >= 1 ? float.NegativeInfinity : inside[index];
    }

    private static Blob[] Blobs(int width, int height, double coverage, Random random)
    {
        var count = 2 + random.Next(3);
        var radius = Math.Sqrt(Math.Max(coverage, 0.05) * width * height / (count * Math.PI));
        var blobs = new Blob[count];
        for (var b = 0; b < count; b++)
        {
            var harmonics = new (float Amplitude, float Phase)[4];
            for (var m = 0; m < harmonics.Length; m++)
            {
                harmonics[m] = ((float)(random.NextDouble() * 0.16), (float)(random.NextDouble() * 2 * Math.PI));
            }

            blobs[b] = new Blob(
                (float)(width * (0.15 + (0.7 * random.NextDouble()))),
                (float)(height * (0.15 + (0.7 * random.NextDouble()))),
                (float)(radius * (0.7 + (0.6 * random.NextDouble()))),
                (float)(1 + (0.8 * random.NextDouble())),
                (float)(random.NextDouble() * Math.PI),
                harmonics);
        }

        return blobs;
    }

    /// <summary>One lobed, elongated region; its field is the (stretched) distance inside its outline.</summary>
    private sealed record Blob(float X, float Y, float Radius, float Aspect, float Angle, (float Amplitude, float Phase)[] Harmonics)
    {
        private readonly float _cos = MathF.Cos(Angle);
        private readonly float _sin = MathF.Sin(Angle);

        public float Field(float x, float y)
        {
            var dx = x - X;
            var dy = y - Y;
            var u = (dx * _cos) + (dy * _sin);
            var v = ((dy * _cos) - (dx * _sin)) * Aspect;
            var theta = MathF.Atan2(v, u);
            var outline = 1f;
            for (var m = 0; m < Harmonics.Length; m++)
            {
                outline += Harmonics[m].Amplitude * MathF.Cos(((m + 2) * theta) + Harmonics[m].Phase);
            }

            return (Radius * outline) - MathF.Sqrt((u * u) + (v * v));
        }
    }
}
