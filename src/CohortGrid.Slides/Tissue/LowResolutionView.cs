using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tissue;

/// <summary>The slide at low resolution, as used for tissue detection and thumbnails.</summary>
/// <param name="Image">The pixels.</param>
/// <param name="ScaleX">Level-0 pixels per image pixel, horizontally.</param>
/// <param name="ScaleY">Level-0 pixels per image pixel, vertically.</param>
/// <param name="Source">How it was obtained, e.g. "level 2 (16x)" or "thumbnail (3.9x)".</param>
public sealed record LowResolutionView(RgbImage Image, double ScaleX, double ScaleY, string Source)
{
    /// <summary>Largest band read at once when streaming a level into the view.</summary>
    private const long BandPixels = 16L * 1024 * 1024;

    /// <summary>
    /// The slide at roughly the target downsample. Prefers a pyramid level read whole; when that level
    /// is much finer than needed (single- or few-level slides), the slide's own thumbnail is used
    /// instead if it is fine enough, because decoding a full-resolution level costs far more than
    /// the segmentation. Otherwise the level is block-averaged in bands, so memory stays bounded.
    /// </summary>
    public static LowResolutionView Read(SlideImage slide, TissueSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        options ??= TissueSegmentationOptions.Default;
        var longSide = Math.Max(slide.Width, slide.Height);
        var desired = Math.Max(1.0, Math.Min(options.TargetDownsample, (double)longSide / options.MinMaskLongSide));
        var level = slide.GetBestLevelForDownsample(desired);
        var info = slide.Levels[level];
        var block = Math.Max(1, (int)Math.Floor((desired / info.Downsample) + 1e-6));
        if (slide.GetAssociatedImageSize("thumbnail") is { } thumb && thumb.Width > 0 && thumb.Height > 0)
        {
            var thumbDownsample = (double)longSide / Math.Max(thumb.Width, thumb.Height);
            var levelTooLarge = info.Width * info.Height > options.MaxPixelsToScan;
            if (levelTooLarge || (block >= 2 && thumbDownsample <= desired * 2))
            {
                var thumbnail = slide.ReadAssociatedImage("thumbnail").ToRgb();
                return new LowResolutionView(thumbnail, (double)slide.Width / thumb.Width, (double)slide.Height / thumb.Height, $"thumbnail ({thumbDownsample:0.##}x)");
            }
        }

        var image = BlockAverage(slide, info, block);
        var scale = info.Downsample * block;
        return new LowResolutionView(image, (double)slide.Width / (info.Width / (double)block), (double)slide.Height / (info.Height / (double)block),
            block == 1 ? $"level {level} ({info.Downsample:0.##}x)" : $"level {level} ({info.Downsample:0.##}x) with {block}x{block} average = {scale:0.##}x");
    }

    private static RgbImage BlockAverage(SlideImage slide, SlideLevel level, int block)
    {
        var outWidth = (int)((level.Width + block - 1) / block);
        var outHeight = (int)((level.Height + block - 1) / block);
        var result = new RgbImage(outWidth, outHeight);
        var bandRows = (int)Math.Max(1, BandPixels / (level.Width * block)) * block;
        var buffer = new uint[checked((int)(level.Width * Math.Min(bandRows, level.Height)))];
        var sums = new long[outWidth * 3];
        var counts = new int[outWidth];
        for (long y = 0; y < level.Height; y += bandRows)
        {
            var rows = (int)Math.Min(bandRows, level.Height - y);
            slide.ReadRegion(0, (long)Math.Round(y * level.Downsample), level.Index, (int)level.Width, rows, buffer);
            for (var by = 0; by < rows; by += block)
            {
                Array.Clear(sums);
                Array.Clear(counts);
                for (var r = by; r < Math.Min(by + block, rows); r++)
                {
                    var row = buffer.AsSpan(r * (int)level.Width, (int)level.Width);
                    for (var x = 0; x < row.Length; x++)
                    {
                        var (red, green, blue) = PixelConversion.OverWhite(row[x]);
                        var o = x / block;
                        sums[o * 3] += red;
                        sums[(o * 3) + 1] += green;
                        sums[(o * 3) + 2] += blue;
                        counts[o]++;
                    }
                }

                var outRow = (int)((y + by) / block);
                var dest = result.Data.AsSpan(outRow * outWidth * 3, outWidth * 3);
                for (var o = 0; o < outWidth; o++)
                {
                    var n = counts[o];
                    dest[o * 3] = (byte)((sums[o * 3] + (n / 2)) / n);
                    dest[(o * 3) + 1] = (byte)((sums[(o * 3) + 1] + (n / 2)) / n);
                    dest[(o * 3) + 2] = (byte)((sums[(o * 3) + 2] + (n / 2)) / n);
                }
            }
        }

        return result;
    }
}
