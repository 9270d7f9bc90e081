namespace CohortGrid.Slides.Tissue;

/// <summary>Otsu's method: the threshold that maximises the between-class variance of a histogram.</summary>
public static class OtsuThreshold
{
    /// <summary>Returns t such that values &gt; t form the foreground class; 0 for a flat histogram.</summary>
    public static int Compute(ReadOnlySpan<long> histogram)
    {
        long total = 0;
        double weightedSum = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            total += histogram[i];
            weightedSum += (double)i * histogram[i];
        }

        if (total == 0)
        {
            return 0;
        }

        long background = 0;
        double backgroundSum = 0, bestVariance = -1;
        var best = 0;
        for (var t = 0; t < histogram.Length; t++)
        {
            background += histogram[t];
            if (background == 0)
            {
                continue;
            }

            var foreground = total - background;
            if (foreground == 0)
            {
                break;
            }

            backgroundSum += (double)t * histogram[t];
            var meanBackground = backgroundSum / background;
            var meanForeground = (weightedSum - backgroundSum) / foreground;
            var variance = (double)background * foreground * (meanBackground - meanForeground) * (meanBackground - meanForeground);
            if (variance > bestVariance)
            {
                bestVariance = variance;
                best = t;
            }
        }

        return best;
    }

    public static long[] Histogram(ReadOnlySpan<byte> values)
    {
        var histogram = new long[256];
        foreach (var v in values)
        {
            histogram[v]++;
        }

        return histogram;
    }
}
