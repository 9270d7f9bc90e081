using CohortGrid.SampleData.Tiff;
using CohortGrid.Slides;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class TiledTiffWriterTests
{
    [Fact]
    public void Written_pyramid_opens_as_generic_tiff_with_every_level()
    {
        using var temp = new TempDirectory();
        var image = TestImages.Random(1100, 700, seed: 1);
        var path = temp.File("pyramid.tiff");

        var result = TiledTiffWriter.Write(path, TiffPyramid.FromImage(image), new TiffWriteOptions { Mpp = 0.25 }, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        Assert.Equal("generic-tiff", slide.Vendor);
        Assert.False(result.BigTiff);
        Assert.Equal(3, result.LevelCount);
        Assert.Equal(
            [(1100L, 700L), (550L, 350L), (275L, 175L)],
            slide.Levels.Select(l => (l.Width, l.Height)));
        Assert.Equal(2.0, slide.Levels[1].Downsample, 1e-9);
    }

    [Fact]
    public void Pixels_read_back_through_OpenSlide_equal_the_source_at_level_0_including_edge_tiles()
    {
        using var temp = new TempDirectory();
        // Neither side is a multiple of the tile size, so the last row and column of tiles are padded.
        var image = TestImages.Random(600, 330, seed: 2);
        var path = temp.File("level0.tiff");
        TiledTiffWriter.Write(path, TiffPyramid.FromImage(image), cancellationToken: TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        Assert.Null(TestImages.FirstDifference(image, slide.ReadLevel(0)));
        Assert.Null(TestImages.FirstDifference(TestImages.Crop(image, 500, 250, 100, 80), slide.ReadRegion(500, 250, 0, 100, 80)));
    }

    [Fact]
    public void Pixels_of_a_lower_level_equal_the_box_averaged_source()
    {
        using var temp = new TempDirectory();
        var image = TestImages.Random(1030, 530, seed: 3);
        var levels = TiffPyramid.FromImage(image);
        var path = temp.File("levels.tiff");
        TiledTiffWriter.Write(path, levels, cancellationToken: TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        for (var level = 1; level < levels.Count; level++)
        {
            var expected = ((RgbImageLevelSource)levels[level]).Image;
            Assert.Null(TestImages.FirstDifference(expected, slide.ReadLevel(level)));
        }
    }

    [Fact]
    public void Resolution_tags_give_the_mpp_through_SlideMetadata()
    {
        using var temp = new TempDirectory();
        var path = temp.File("mpp.tiff");
        TiledTiffWriter.Write(path, TiffPyramid.FromImage(TestImages.Random(700, 520, seed: 4)), new TiffWriteOptions { Mpp = 0.2527 }, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        var metadata = SlideMetadata.Read(slide);
        Assert.Equal(MppSource.TiffResolution, metadata.MppSource);
        Assert.Equal(0.2527, metadata.MppX!.Value, 1e-3);
        Assert.Equal(0.2527, metadata.MppY!.Value, 1e-3);
        Assert.Equal("centimeter", slide.Properties["tiff.ResolutionUnit"]);
    }

    [Fact]
    public void Image_description_and_software_are_recorded()
    {
        using var temp = new TempDirectory();
        var path = temp.File("tags.tiff");
        var options = new TiffWriteOptions { ImageDescription = "CohortGrid test slide|seed=4", Software = "CohortGrid tests" };
        TiledTiffWriter.Write(path, TiffPyramid.FromImage(TestImages.Random(300, 200, seed: 5)), options, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        Assert.Equal("CohortGrid test slide|seed=4", slide.Properties["tiff.ImageDescription"]);
        Assert.Equal("CohortGrid tests", slide.Properties["tiff.Software"]);
    }

    [Fact]
    public void Identical_tiles_are_stored_once()
    {
        using var temp = new TempDirectory();
        var path = temp.File("solid.tiff");

        var result = TiledTiffWriter.Write(path, TiffPyramid.Solid(4096, 4096, new RgbColor(200, 100, 50)), cancellationToken: TestContext.Current.CancellationToken);

        // 16x16 + 8x8 + 4x4 + 2x2 + 1 tiles, all full and of one colour.
        Assert.Equal(341, result.TileCount);
        Assert.Equal(1, result.StoredTileCount);
        using var slide = SlideImage.Open(path);
        Assert.All(slide.ReadRegion(4000, 4000, 0, 96, 96).Pixels, p => Assert.Equal(0xFFC86432u, p));
    }

    [Fact]
    public void BigTiff_layout_reads_back_the_same_pixels()
    {
        using var temp = new TempDirectory();
        var image = TestImages.Random(700, 600, seed: 6);
        var path = temp.File("big.tiff");

        var result = TiledTiffWriter.Write(path, TiffPyramid.FromImage(image), new TiffWriteOptions { Format = TiffFormat.BigTiff }, TestContext.Current.CancellationToken);

        Assert.True(result.BigTiff);
        Assert.Equal(43, File.ReadAllBytes(path)[2]);
        using var slide = SlideImage.Open(path);
        Assert.Equal("generic-tiff", slide.Vendor);
        Assert.Null(TestImages.FirstDifference(image, slide.ReadLevel(0)));
    }

    [Fact]
    public void A_failed_write_leaves_no_file_behind()
    {
        using var temp = new TempDirectory();
        var path = temp.File("failed.tiff");

        Assert.Throws<InvalidOperationException>(() =>
            TiledTiffWriter.Write(path, [new FailingSource()], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_cancelled_write_leaves_no_file_behind()
    {
        using var temp = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            TiledTiffWriter.Write(temp.File("cancelled.tiff"), TiffPyramid.Solid(1024, 1024, RgbColor.White), cancellationToken: cancelled.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Bytes_do_not_depend_on_how_many_threads_encode()
    {
        using var temp = new TempDirectory();
        var levels = TiffPyramid.FromImage(TestImages.Random(900, 800, seed: 7));

        TiledTiffWriter.Write(temp.File("serial.tiff"), levels, new TiffWriteOptions { MaxDegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        TiledTiffWriter.Write(temp.File("parallel.tiff"), levels, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(File.ReadAllBytes(temp.File("serial.tiff")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File("parallel.tiff"))));
    }

    [Fact]
    public void Levels_that_do_not_shrink_are_refused()
    {
        using var temp = new TempDirectory();
        ITiffLevelSource[] levels = [new SolidColorLevelSource(512, 512, RgbColor.White), new SolidColorLevelSource(512, 512, RgbColor.White)];

        var error = Assert.Throws<ArgumentException>(() => TiledTiffWriter.Write(temp.File("x.tiff"), levels, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("not smaller", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, 20000.0, 1)]
    [InlineData(0.25, 40000.0, 1)]
    [InlineData(0.2527, 39572.6, 0)]
    public void Resolution_is_stored_as_a_close_rational(double mpp, double expected, int exactDenominator)
    {
        var (numerator, denominator) = TiledTiffWriter.Rational(10_000 / mpp);

        Assert.Equal(expected, (double)numerator / denominator, 1e-1);
        if (exactDenominator != 0)
        {
            Assert.Equal((uint)exactDenominator, denominator);
        }
    }

    private sealed class FailingSource : ITiffLevelSource
    {
        public int Width => 512;

        public int Height => 512;

        public void ReadTile(int x, int y, int width, int height, Span<byte> rgb) => throw new InvalidOperationException("source failed");
    }
}
