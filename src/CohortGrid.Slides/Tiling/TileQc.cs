namespace CohortGrid.Slides.Tiling;

/// <summary>Whitespace, grayspace and blur checks on an 8-bit RGB tile (interleaved).</summary>
public static class TileQc
{
    public static TileQcResult Measure(ReadOnlySpan<byte> rgb, int width, int height, TileQcOptions options, Span<byte> grayScratch)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pixels = width * height;
        if (rgb.Length < pixels * 3 || grayScratch.Length < pixels)
        {
            throw new ArgumentException("Buffers are smaller than the tile.");
        }

        int white = 0, gray = 0;
        var whiteLevel = options.WhiteLevel;
        var grayLimit = options.GraySaturation;
        for (int i = 0, j = 0; i < pixels; i++, j += 3)
        {
            int r = rgb[j], g = rgb[j + 1], b = rgb[j + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            white += min >= whiteLevel ? 1 : 0;
            // saturation < limit  <=>  (max - min) * 255 < limit * max
            gray += (max - min) * 255 < grayLimit * max || max == 0 ? 1 : 0;
            grayScratch[i] = (byte)(((r * 77) + (g * 150) + (b * 29)) >> 8);
        }

        long sum = 0, sumSquares = 0;
        for (var y = 1; y < height - 1; y++)
        {
            var row = y * width;
            for (var x = 1; x < width - 1; x++)
            {
                var p = row + x;
                var laplacian = grayScratch[p - 1] + grayScratch[p + 1] + grayScratch[p - width] + grayScratch[p + width] - (4 * grayScratch[p]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        var n = Math.Max(1, (width - 2) * (height - 2));
        var mean = (double)sum / n;
        var variance = ((double)sumSquares / n) - (mean * mean);
        var whiteFraction = (float)white / pixels;
        var grayFraction = (float)gray / pixels;
        var drop = TileDropReason.None;
        if (whiteFraction > options.MaxWhiteFraction)
        {
            drop |= TileDropReason.Whitespace;
        }

        if (grayFraction > options.MaxGrayFraction)
        {
            drop |= TileDropReason.Grayspace;
        }

        if (variance < options.MinLaplacianVariance)
        {
            drop |= TileDropReason.Blur;
        }

        return new TileQcResult(whiteFraction, grayFraction, (float)variance, drop);
    }
}
