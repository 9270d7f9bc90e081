using CohortGrid.SampleData;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

/// <summary>The libtiff region reader must be indistinguishable from openslide_read_region.</summary>
public sealed class DirectTiffReadTests
{
    [Theory]
    [InlineData("CMU-1-Small-Region.svs", "libtiff")]
    [InlineData("generic-tiff-boxes.tiff", "libtiff")]
    [InlineData("tcga-cr-7395-01a-01-ts1.svs", "openslide")] // Aperio JPEG 2000: libtiff has no codec
    [InlineData("hamamatsu-dapi-40x.ndpi", "openslide")]
    public void Plain_tiled_tiffs_are_read_directly_and_other_formats_by_openslide(string file, string reader)
    {
        using var slide = SlideImage.Open(TestData.Slide(file));

        Assert.Equal(reader, slide.RegionReader);
    }

    [Fact]
    public void Direct_reads_of_the_real_jpeg_slide_equal_openslide_including_regions_past_the_edge()
    {
        var path = TestData.Slide("CMU-1-Small-Region.svs");
        using var direct = SlideImage.Open(path);
        using var openslide = SlideImage.Open(path, directTiffReads: false);

        var random = new Random(5);
        for (var i = 0; i < 30; i++)
        {
            var (x, y) = (random.NextInt64(-100, direct.Width - 50), random.NextInt64(-100, direct.Height - 50));
            AssertSamePixels(direct.ReadRegion(x, y, 0, 257, 191).Pixels, openslide.ReadRegion(x, y, 0, 257, 191).Pixels, $"({x},{y})");
        }
    }

    [Fact]
    public void Direct_reads_at_lower_levels_of_a_generated_pyramid_equal_openslide()
    {
        using var temp = new TempDirectory();
        var path = temp.File("pyramid.tiff");
        SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 1500, Height = 1100, Seed = 3 }, path, TestContext.Current.CancellationToken);
        using var direct = SlideImage.Open(path);
        using var openslide = SlideImage.Open(path, directTiffReads: false);
        Assert.Equal("libtiff", direct.RegionReader);
        Assert.True(direct.Levels.Count >= 2);

        foreach (var level in direct.Levels)
        {
            var downsample = (long)Math.Round(level.Downsample);
            var (x, y) = (37 * downsample, 101 * downsample); // whole level pixels
            AssertSamePixels(direct.ReadRegion(x, y, level.Index, 300, 200).Pixels, openslide.ReadRegion(x, y, level.Index, 300, 200).Pixels, $"level {level.Index}");
        }
    }

    [Fact]
    public void Region_with_a_fractional_level_origin_is_left_to_openslide_and_still_matches()
    {
        using var direct = SlideImage.Open(TestData.Slide("generic-tiff-boxes.tiff"));
        using var openslide = SlideImage.Open(TestData.Slide("generic-tiff-boxes.tiff"), directTiffReads: false);

        // Level 2 has downsample 4.016: x = 10 maps to 2.49 level pixels, painted with a sub-pixel shift.
        AssertSamePixels(direct.ReadRegion(10, 10, 2, 40, 40).Pixels, openslide.ReadRegion(10, 10, 2, 40, 40).Pixels, "level 2");
    }

    [Fact]
    public void Tile_cache_evicts_least_recently_used_tiles_within_its_byte_budget()
    {
        var cache = new DecodedTileCache(capacityBytes: 3 * 4 * 100);
        var decodes = 0;
        uint[] Decode()
        {
            decodes++;
            return new uint[100];
        }

        cache.GetOrDecode(0, 1, 100, Decode);
        cache.GetOrDecode(0, 2, 100, Decode);
        cache.GetOrDecode(0, 3, 100, Decode);
        cache.GetOrDecode(0, 1, 100, Decode); // hit, now most recent
        cache.GetOrDecode(0, 4, 100, Decode); // evicts tile 2
        cache.GetOrDecode(0, 1, 100, Decode); // still cached
        cache.GetOrDecode(0, 2, 100, Decode); // decoded again

        Assert.Equal(5, decodes);
    }

    [Fact]
    public void Failed_decode_is_not_cached()
    {
        var cache = new DecodedTileCache(1 << 20);
        var attempts = 0;

        Assert.Throws<InvalidOperationException>(() => cache.GetOrDecode(0, 0, 10, () => { attempts++; throw new InvalidOperationException("bad tile"); }));
        cache.GetOrDecode(0, 0, 10, () => { attempts++; return new uint[10]; });

        Assert.Equal(2, attempts);
    }

    private static void AssertSamePixels(uint[] actual, uint[] expected, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                worst = Math.Max(worst, Math.Abs((int)((actual[i] >> shift) & 0xFF) - (int)((expected[i] >> shift) & 0xFF)));
            }
        }

        // Both decode with the system libjpeg; allow JPEG rounding differences, nothing more.
        Assert.True(worst <= 2, $"{where}: pixels differ by up to {worst}");
    }
}
