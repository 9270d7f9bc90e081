using CohortGrid.Slides.Tissue;

namespace CohortGrid.Slides.Tests;

public sealed class ImageFilterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void Median_filter_equals_a_naive_sort_with_replicated_borders(int kernel)
    {
        const int Width = 37, Height = 23;
        var random = new Random(7);
        var image = new byte[Width * Height];
        random.NextBytes(image);

        var fast = MedianFilter.Apply(image, Width, Height, kernel);

        var r = kernel / 2;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var window = new List<byte>();
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                    {
                        window.Add(image[(Math.Clamp(y + dy, 0, Height - 1) * Width) + Math.Clamp(x + dx, 0, Width - 1)]);
                    }
                }

                window.Sort();
                Assert.Equal(window[window.Count / 2], fast[(y * Width) + x]);
            }
        }
    }

    [Fact]
    public void Median_filter_rejects_even_kernels()
    {
        Assert.Throws<ArgumentException>(() => MedianFilter.Apply(new byte[16], 4, 4, 4));
    }

    [Fact]
    public void Otsu_splits_a_bimodal_histogram_between_its_modes()
    {
        var histogram = new long[256];
        histogram[10] = 500;
        histogram[12] = 400;
        histogram[150] = 300;
        histogram[160] = 200;

        var threshold = OtsuThreshold.Compute(histogram);

        Assert.InRange(threshold, 12, 149);
    }

    [Fact]
    public void Otsu_of_an_empty_histogram_is_zero()
    {
        Assert.Equal(0, OtsuThreshold.Compute(new long[256]));
    }

    [Fact]
    public void Distance_transform_is_euclidean()
    {
        var mask = new byte[11 * 11];
        mask[(5 * 11) + 5] = 1;

        var distance = BinaryMorphology.SquaredDistanceTo(mask, 11, 11, value: 1);

        Assert.Equal(0, distance[(5 * 11) + 5]);
        Assert.Equal(25 + 16, distance[(0 * 11) + 1]); // (1,0) to (5,5): dx 4, dy 5
        Assert.Equal(50, distance[0]);
    }

    [Fact]
    public void Closing_bridges_a_gap_narrower_than_the_disc_but_not_a_wider_one()
    {
        const int Width = 60, Height = 20;
        var narrow = Bars(Width, Height, gap: 4);
        var wide = Bars(Width, Height, gap: 16);

        BinaryMorphology.Close(narrow, Width, Height, radius: 3);
        BinaryMorphology.Close(wide, Width, Height, radius: 3);

        Assert.Equal(1, narrow[(10 * Width) + 30]);
        Assert.Equal(0, wide[(10 * Width) + 30]);
    }

    [Fact]
    public void Small_objects_are_removed_and_large_ones_kept()
    {
        const int Width = 20, Height = 20;
        var mask = new byte[Width * Height];
        mask[(2 * Width) + 2] = 1;                 // 2 diagonal pixels: one 8-connected object of 2
        mask[(3 * Width) + 3] = 1;
        for (var y = 10; y < 15; y++)
        {
            for (var x = 10; x < 15; x++)
            {
                mask[(y * Width) + x] = 1;          // 25 pixels
            }
        }

        ConnectedComponents.RemoveSmallObjects(mask, Width, Height, minPixels: 3);

        Assert.Equal(0, mask[(2 * Width) + 2]);
        Assert.Equal(25, mask.Sum(v => v));
    }

    [Fact]
    public void Holes_touching_the_border_are_never_filled()
    {
        const int Width = 10, Height = 10;
        var mask = Enumerable.Repeat((byte)1, Width * Height).ToArray();
        mask[0] = 0;                 // notch at the border
        mask[(5 * Width) + 5] = 0;   // interior hole

        ConnectedComponents.FillSmallHoles(mask, Width, Height, maxPixels: 5);

        Assert.Equal(0, mask[0]);
        Assert.Equal(1, mask[(5 * Width) + 5]);
    }

    private static byte[] Bars(int width, int height, int gap)
    {
        var mask = new byte[width * height];
        var left = (width - gap) / 2;
        for (var y = 5; y < 15; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (x < left || x >= left + gap)
                {
                    mask[(y * width) + x] = 1;
                }
            }
        }

        return mask;
    }
}
