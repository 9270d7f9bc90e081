using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class TilePreprocessorTests
{
    [Fact]
    public void Native_size_tile_is_normalised_per_channel_in_chw_order()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);
        // The tile that holds reference pixel (1000, 1300) = RGB 135 153 173.
        var tile = grid.Candidates.Single(t => t.X <= 1000 && 1000 < t.X + 224 && t.Y <= 1300 && 1300 < t.Y + 224);
        var tensor = new float[preprocessor.TensorLength];

        preprocessor.Process(tile, tensor);

        var offset = (int)(((1300 - tile.Y) * 224) + (1000 - tile.X));
        var plane = 224 * 224;
        float[] expected = [135, 153, 173];
        for (var c = 0; c < 3; c++)
        {
            var normalised = ((expected[c] / 255f) - PreprocessingOptions.ImageNetMean[c]) / PreprocessingOptions.ImageNetStd[c];
            Assert.Equal(normalised, tensor[(c * plane) + offset], 0.04f); // ±2 levels of JPEG tolerance
        }
    }

    [Fact]
    public void Resized_tile_matches_an_independent_separable_resample()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide, options: new SlidePlanOptions { Grid = new TileGridOptions { TargetMpp = 1.0 } }).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);
        var tile = grid.Tiles[grid.Tiles.Count / 2];

        var fast = preprocessor.ReadRgb(tile);

        var reference = ReferenceResample(slide.ReadRegion(tile.X, tile.Y, grid.Level, grid.ReadWidth, grid.ReadHeight).ToRgb(), 224);
        var maxDifference = fast.Data.Zip(reference.Data).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(maxDifference, 0, 1);
    }

    [Fact]
    public void Tile_reaching_past_the_slide_edge_is_padded_white()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);
        var outside = new TileSpec(0, 0, 0, slide.Width - 100, 0, 0, TileDropReason.None);

        var rgb = preprocessor.ReadRgb(outside);

        Assert.Equal([255, 255, 255], rgb.Data[^3..]);
    }

    [Fact]
    public void Custom_mean_and_std_are_applied()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide).Grid;
        var options = new PreprocessingOptions { Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
        var preprocessor = new TilePreprocessor(slide, grid, options);
        var tensor = new float[preprocessor.TensorLength];

        preprocessor.Process(grid.Tiles[0], tensor);
        var rgb = preprocessor.ReadRgb(grid.Tiles[0]);

        Assert.Equal((rgb.Data[0] / 127.5f) - 1f, tensor[0], 1e-5f);
        Assert.All(tensor, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Too_small_destination_is_rejected()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);

        Assert.Throws<ArgumentException>(() => preprocessor.Process(grid.Tiles[0], new float[100]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Region_overloads_match_reading_the_tile(double targetMpp)
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var options = targetMpp > 0 ? new SlidePlanOptions { Grid = new TileGridOptions { TargetMpp = targetMpp } } : null;
        var grid = SlidePlan.Create(slide, options: options).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);
        var tile = grid.Tiles[grid.Tiles.Count / 2];
        var region = slide.ReadRegion(tile.X, tile.Y, grid.Level, grid.ReadWidth, grid.ReadHeight).Pixels;
        var fromTile = new float[preprocessor.TensorLength];
        var fromRegion = new float[preprocessor.TensorLength];
        var rgb = new byte[preprocessor.InputSize * preprocessor.InputSize * 3];

        var qcFromTile = preprocessor.Process(tile, fromTile);
        var qcFromRegion = preprocessor.Process(region, grid.ReadWidth, grid.ReadHeight, fromRegion);
        preprocessor.ToRgb(region, grid.ReadWidth, grid.ReadHeight, rgb);

        Assert.Equal(qcFromTile, qcFromRegion);
        Assert.Equal(fromTile, fromRegion);
        Assert.Equal(preprocessor.ReadRgb(tile).Data, rgb);
        Assert.Equal(PixelReference.Measure(rgb, preprocessor.InputSize, preprocessor.InputSize, TileQcOptions.Default, out _), qcFromRegion);
    }

    [Fact]
    public void Region_of_another_size_is_rejected()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var grid = SlidePlan.Create(slide).Grid;
        var preprocessor = new TilePreprocessor(slide, grid);

        Assert.Throws<ArgumentException>(() => preprocessor.Process(new uint[225 * 224], 225, 224, new float[preprocessor.TensorLength]));
        Assert.Throws<ArgumentException>(() => preprocessor.Process(new uint[(224 * 224) - 1], 224, 224, new float[preprocessor.TensorLength]));
    }

    [Fact]
    public void Invalid_normalisation_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new PreprocessingOptions { Std = [0.2f, 0f, 0.2f] }.Validate());
        Assert.Throws<ArgumentException>(() => new PreprocessingOptions { Mean = [0.5f] }.Validate());
    }

    // Straightforward two-pass resample with the generic kernel API, as the yardstick for the fused path.
    private static RgbImage ReferenceResample(RgbImage source, int size)
    {
        var horizontal = ResampleKernel.Create(source.Width, size, ResampleFilter.Bicubic);
        var vertical = ResampleKernel.Create(source.Height, size, ResampleFilter.Bicubic);
        var rows = new float[source.Height * size * 3];
        for (var y = 0; y < source.Height; y++)
        {
            horizontal.ApplyInterleaved(source.Data.AsSpan(y * source.Width * 3, source.Width * 3), rows.AsSpan(y * size * 3, size * 3), 3);
        }

        var result = new RgbImage(size, size);
        var column = new float[source.Height];
        var output = new float[size];
        for (var x = 0; x < size * 3; x++)
        {
            for (var y = 0; y < source.Height; y++)
            {
                column[y] = rows[(y * size * 3) + x];
            }

            vertical.Apply(column, output);
            for (var y = 0; y < size; y++)
            {
                result.Data[(y * size * 3) + x] = (byte)Math.Clamp(MathF.Round(output[y]), 0, 255);
            }
        }

        return result;
    }
}
