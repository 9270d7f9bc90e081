using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tissue;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class TissueSegmentationTests
{
    [Fact]
    public void Finds_tissue_on_the_real_he_slide_with_a_sensible_fraction()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var result = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide));

        // The tissue strip covers a bit over a third of this region (checked by eye on the outline).
        Assert.InRange(result.Mask.TissueFraction, 0.30, 0.50);
        Assert.False(result.IsEmpty);
        Assert.InRange(result.Mask.Threshold, 25, 120);
    }

    [Fact]
    public void Mask_scale_maps_mask_pixels_back_to_level_zero()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var mask = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide)).Mask;

        Assert.Equal(slide.Width, mask.Width * mask.ScaleX, 1.0);
        Assert.Equal(slide.Height, mask.Height * mask.ScaleY, 1.0);
        Assert.Equal(0.499 * mask.ScaleX, mask.MicronsPerPixelX, 6);
    }

    [Fact]
    public void Glass_in_the_corner_is_background_and_the_tissue_centre_is_tissue()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var mask = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide)).Mask;

        // Top-left corner is glass; the reference pixel at (1110, 1483) is a stained nucleus.
        Assert.Equal(0, mask.FractionInRect(0, 0, 200, 200));
        Assert.Equal(1, mask.FractionInRect(1050, 1420, 120, 120), 9);
    }

    [Fact]
    public void Fluorescence_slide_is_segmented_without_its_black_background_counting_as_tissue()
    {
        using var slide = SlideImage.Open(TestData.Slide("hamamatsu-dapi-40x.ndpi"));

        var result = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide));

        Assert.InRange(result.Mask.TissueFraction, 0.3, 0.95);
    }

    [Fact]
    public void Blank_image_has_no_tissue()
    {
        var mask = SegmentImage(new RgbImage(400, 300).Fill(243, 243, 243));

        Assert.Equal(0, mask.TissuePixels);
        Assert.Equal(0, mask.TissueFraction);
    }

    [Fact]
    public void Coloured_disc_on_white_is_found_and_small_specks_are_removed_by_area()
    {
        var image = new RgbImage(400, 400).Fill(245, 245, 245);
        image.FillDisc(200, 200, 80, (200, 110, 170)); // 20,106 px^2
        image.FillDisc(40, 40, 3, (120, 60, 140));      // speck: 29 px^2

        // 1 µm/px mask pixels: the speck (29 µm^2) is far below the 20,000 µm^2 minimum.
        var mask = SegmentImage(image);

        Assert.Equal(1, mask.Data[(200 * 400) + 200]);
        Assert.Equal(0, mask.Data[(40 * 400) + 40]);
        Assert.InRange(mask.TissuePixels, Math.PI * 78 * 78, Math.PI * 82 * 82);
    }

    [Fact]
    public void Small_holes_inside_tissue_are_filled_and_large_ones_kept()
    {
        var image = new RgbImage(600, 600).Fill(245, 245, 245);
        image.FillDisc(300, 300, 250, (200, 110, 170));
        image.FillDisc(200, 300, 20, (245, 245, 245)); // ~1,257 µm^2 < 10,000: filled
        image.FillDisc(400, 300, 70, (245, 245, 245)); // ~15,394 µm^2 > 10,000: kept

        var mask = SegmentImage(image, new TissueSegmentationOptions { ClosingRadiusUm = 0 });

        Assert.Equal(1, mask.Data[(300 * 600) + 200]);
        Assert.Equal(0, mask.Data[(300 * 600) + 400]);
    }

    [Fact]
    public void Fixed_threshold_replaces_otsu()
    {
        var image = new RgbImage(200, 200).Fill(245, 245, 245);
        image.FillDisc(100, 100, 90, (230, 200, 220)); // faint stain, saturation ~33

        Assert.Equal(0, SegmentImage(image, new TissueSegmentationOptions { FixedThreshold = 60 }).TissuePixels);
        Assert.True(SegmentImage(image, new TissueSegmentationOptions { FixedThreshold = 20 }).TissuePixels > 20_000);
    }

    [Fact]
    public void Fraction_in_rect_counts_partial_mask_pixels_exactly()
    {
        // 4x4 mask, left half tissue; each mask pixel covers 10x10 level-0 pixels.
        var data = new byte[16];
        for (var y = 0; y < 4; y++)
        {
            data[y * 4] = 1;
            data[(y * 4) + 1] = 1;
        }

        var mask = new TissueMask(4, 4, data, 10, 10, 5, 5, 50);

        Assert.Equal(0.5, mask.FractionInRect(0, 0, 40, 40), 9);
        Assert.Equal(1.0, mask.FractionInRect(0, 0, 20, 40), 9);
        Assert.Equal(0.5, mask.FractionInRect(15, 5, 10, 10), 9);  // straddles the edge at x = 20
        Assert.Equal(1.0 / 3, mask.FractionInRect(-20, 0, 60, 40), 9); // a third outside the slide
        Assert.Equal(0.5, mask.TissueFraction);
    }

    private static TissueMask SegmentImage(RgbImage image, TissueSegmentationOptions? options = null) =>
        TissueSegmenter.SegmentImage(image, 1.0, 1.0, 1.0, 1.0, options ?? TissueSegmentationOptions.Default).Mask;
}
