namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Binary morphology with a disk of any radius through exact Euclidean distance transforms
/// (Felzenszwalb and Huttenlocher): cost is linear in the image size whatever the radius.
/// </summary>
public static class BinaryMorphology
{
    private const float Infinity = 1e20f;

    /// <summary>Closing: dilation then erosion with a disk; joins fragments and fills narrow gaps.</summary>
    public static void Close(Span<byte> mask, int width, int height, double radius)
    {
        if (radius < 0.5)
        {
            return;
        }

        var r2 = (float)(radius * radius);
        // Dilate: pixels within the radius of any foreground pixel.
        var toForeground = SquaredDistanceTo(mask, width, height, value: 1);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = toForeground[i] <= r2 ? (byte)1 : (byte)0;
        }

        // Erode: keep pixels farther than the radius from any background pixel. Outside the image
        // counts as foreground here, so tissue touching the border is not eaten away.
        var toBackground = SquaredDistanceTo(mask, width, height, value: 0);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = toBackground[i] > r2 ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Squared distance from each pixel to the nearest pixel whose mask equals <paramref name="value"/>.</summary>
    public static float[] SquaredDistanceTo(ReadOnlySpan<byte> mask, int width, int height, byte value)
    {
        var distance = new float[width * height];
        for (var i = 0; i < distance.Length; i++)
        {
            distance[i] = mask[i] == value ? 0 : Infinity;
        }

        var n = Math.Max(width, height);
        var f = new float[n];
        var d = new float[n];
        var v = new int[n];
        var z = new double[n + 1];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                f[y] = distance[(y * width) + x];
            }

            Transform1D(f, height, d, v, z);
            for (var y = 0; y < height; y++)
            {
                distance[(y * width) + x] = d[y];
            }
        }

        for (var y = 0; y < height; y++)
        {
            distance.AsSpan(y * width, width).CopyTo(f);
            Transform1D(f, width, d, v, z);
            d.AsSpan(0, width).CopyTo(distance.AsSpan(y * width, width));
        }

        return distance;
    }

    // Lower envelope of the parabolas (q - p)^2 + f(p).
    private static void Transform1D(float[] f, int n, float[] d, int[] v, double[] z)
    {
        var k = 0;
        v[0] = 0;
        z[0] = -Infinity;
        z[1] = Infinity;
        for (var q = 1; q < n; q++)
        {
            if (f[q] >= Infinity)
            {
                continue;
            }

            if (f[v[k]] >= Infinity)
            {
                v[k] = q;
                continue;
            }

            var s = Intersection(f, q, v[k]);
            while (k > 0 && s <= z[k])
            {
                k--;
                s = Intersection(f, q, v[k]);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Infinity;
        }

        if (f[v[0]] >= Infinity)
        {
            d.AsSpan(0, n).Fill(Infinity);
            return;
        }

        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q)
            {
                k++;
            }

            var delta = q - v[k];
            d[q] = (delta * delta) + f[v[k]];
        }
    }

    private static double Intersection(float[] f, int q, int p) =>
        ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
}
