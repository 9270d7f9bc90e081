using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Finds tissue on a low-resolution view of the slide: HSV saturation (stained tissue is coloured,
/// glass is white or grey), median blur, Otsu or fixed threshold, closing, then removal of small
/// debris and filling of small holes, both by physical area.
/// </summary>
public static class TissueSegmenter
{
    /// <summary>Largest band read at once when streaming a level into the low-resolution view.</summary>
    private const long BandPixels = 16L * 1024 * 1024;

    public static TissueSegmentation Segment(SlideImage slide, SlideMetadata metadata, TissueSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(metadata);
        options ??= TissueSegmentationOptions.Default;
        var mppX = metadata.MppX ?? throw new SlideMppUnavailableException(slide.Path);
        var mppY = metadata.MppY ?? mppX;

        var (image, scaleX, scaleY, source) = LowResolutionView(slide, options);
        var saturation = Saturation(image);
        var blurred = MedianFilter.Apply(saturation, image.Width, image.Height, options.MedianKernel);
        var threshold = options.FixedThreshold ?? Math.Max(OtsuThreshold.Compute(OtsuThreshold.Histogram(blurred)), options.MinThreshold);

        var mask = new byte[blurred.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = blurred[i] > threshold ? (byte)1 : (byte)0;
        }

        var maskMppX = mppX * scaleX;
        var maskMppY = mppY * scaleY;
        var pixelArea = maskMppX * maskMppY;
        BinaryMorphology.Close(mask, image.Width, image.Height, options.ClosingRadiusUm / Math.Sqrt(pixelArea));
        ConnectedComponents.RemoveSmallObjects(mask, image.Width, image.Height, (long)Math.Ceiling(options.MinTissueAreaUm2 / pixelArea));
        ConnectedComponents.FillSmallHoles(mask, image.Width, image.Height, (long)Math.Ceiling(options.MaxHoleAreaUm2 / pixelArea));

        var tissueMask = new TissueMask(image.Width, image.Height, mask, scaleX, scaleY, maskMppX, maskMppY, threshold);
        return new TissueSegmentation(tissueMask, image, source);
    }

    /// <summary>HSV saturation, (max - min) / max, scaled to 0-255.</summary>
    public static byte[] Saturation(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = image.Data;
        var result = new byte[image.Width * image.Height];
        for (int i = 0, j = 0; i < result.Length; i++, j += 3)
        {
            int r = data[j], g = data[j + 1], b = data[j + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            result[i] = max == 0 ? (byte)0 : (byte)(((max - min) * 255) / max);
        }

        return result;
    }

    /// <summary>
    /// The slide at roughly the target downsample: the best pyramid level, then an integer block
    /// average read in bands (so memory stays bounded on any slide). Single-level slides too large to
    /// scan use their thumbnail when they have one.
    /// </summary>
    private static (RgbImage Image, double ScaleX, double ScaleY, string Source) LowResolutionView(SlideImage slide, TissueSegmentationOptions options)
    {
        var longSide = Math.Max(slide.Width, slide.Height);
        var desired = Math.Max(1.0, Math.Min(options.TargetDownsample, (double)longSide / options.MinMaskLongSide));
        var level = slide.GetBestLevelForDownsample(desired);
        var info = slide.Levels[level];
        if (info.Width * info.Height > options.MaxPixelsToScan && slide.GetAssociatedImageSize("thumbnail") is { } thumb)
        {
            var thumbnail = slide.ReadAssociatedImage("thumbnail").ToRgb();
            return (thumbnail, (double)slide.Width / thumb.Width, (double)slide.Height / thumb.Height, "thumbnail");
        }

        var block = Math.Max(1, (int)Math.Floor((desired / info.Downsample) + 1e-6));
        var image = BlockAverage(slide, info, block);
        var scale = info.Downsample * block;
        return (image, (double)slide.Width / (info.Width / (double)block), (double)slide.Height / (info.Height / (double)block),
            block == 1 ? $"level {level} (downsample {info.Downsample:0.##})" : $"level {level} (downsample {info.Downsample:0.##}), {block}x{block} average = {scale:0.##}x");
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
