namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Median filter on 8-bit images with a square window, by Huang's sliding histogram: each step
/// along a row adds one column and removes one, and the median moves incrementally, so the cost per
/// pixel grows with the window side, not its area. Borders replicate the edge pixels.
/// </summary>
public static class MedianFilter
{
    public static byte[] Apply(ReadOnlySpan<byte> source, int width, int height, int kernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        if (kernel % 2 == 0)
        {
            throw new ArgumentException("The median kernel must be odd.", nameof(kernel));
        }

        var result = new byte[width * height];
        if (kernel == 1)
        {
            source.CopyTo(result);
            return result;
        }

        var r = kernel / 2;
        var half = (kernel * kernel) / 2; // rank of the median (0-based)
        Span<int> histogram = stackalloc int[256];
        for (var y = 0; y < height; y++)
        {
            histogram.Clear();
            for (var dy = -r; dy <= r; dy++)
            {
                var row = Math.Clamp(y + dy, 0, height - 1) * width;
                for (var dx = -r; dx <= r; dx++)
                {
                    histogram[source[row + Math.Clamp(dx, 0, width - 1)]]++;
                }
            }

            // median = smallest value m with count(<= m) > half; below = count(< m)
            int median = 0, below = 0;
            while (below + histogram[median] <= half)
            {
                below += histogram[median];
                median++;
            }

            result[y * width] = (byte)median;
            for (var x = 1; x < width; x++)
            {
                var outColumn = Math.Clamp(x - r - 1, 0, width - 1);
                var inColumn = Math.Clamp(x + r, 0, width - 1);
                for (var dy = -r; dy <= r; dy++)
                {
                    var row = Math.Clamp(y + dy, 0, height - 1) * width;
                    var removed = source[row + outColumn];
                    var added = source[row + inColumn];
                    histogram[removed]--;
                    histogram[added]++;
                    if (removed < median)
                    {
                        below--;
                    }

                    if (added < median)
                    {
                        below++;
                    }
                }

                while (below > half)
                {
                    median--;
                    below -= histogram[median];
                }

                while (below + histogram[median] <= half)
                {
                    below += histogram[median];
                    median++;
                }

                result[(y * width) + x] = (byte)median;
            }
        }

        return result;
    }
}
