using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Finds tissue on a low-resolution view of the slide: HSV saturation (stained tissue is coloured,
/// glass is white or grey), median blur, Otsu or fixed threshold, closing, then removal of small
/// debris and filling of small holes, both by physical area.
/// </summary>
public static class TissueSegmenter
{
    public static TissueSegmentation Segment(SlideImage slide, SlideMetadata metadata, TissueSegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(metadata);
        options ??= TissueSegmentationOptions.Default;
        var mppX = metadata.MppX ?? throw new SlideMppUnavailableException(slide.Path);
        var mppY = metadata.MppY ?? mppX;

        var view = LowResolutionView.Read(slide, options);
        return SegmentImage(view.Image, view.ScaleX, view.ScaleY, mppX, mppY, options) with { Source = view.Source };
    }

    /// <summary>
    /// Segments an already low-resolution image. <paramref name="scaleX"/>/<paramref name="scaleY"/> are
    /// level-0 pixels per image pixel and <paramref name="mppX"/>/<paramref name="mppY"/> the level-0 mpp.
    /// </summary>
    public static TissueSegmentation SegmentImage(RgbImage image, double scaleX, double scaleY, double mppX, double mppY, TissueSegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        var saturation = Saturation(image, options.MinBrightness);
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
        return new TissueSegmentation(tissueMask, image, "image");
    }

    /// <summary>HSV saturation, (max - min) / max, scaled to 0-255; 0 where the brightest channel is below <paramref name="minBrightness"/>.</summary>
    public static byte[] Saturation(RgbImage image, int minBrightness = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        var data = image.Data;
        var result = new byte[image.Width * image.Height];
        for (int i = 0, j = 0; i < result.Length; i++, j += 3)
        {
            int r = data[j], g = data[j + 1], b = data[j + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            result[i] = max == 0 || max < minBrightness ? (byte)0 : (byte)(((max - min) * 255) / max);
        }

        return result;
    }

}
