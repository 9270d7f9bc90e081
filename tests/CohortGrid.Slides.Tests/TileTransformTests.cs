using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Tests;

public sealed class TileTransformTests
{
    [Theory]
    [InlineData(224, 1)]
    [InlineData(224, 2)]
    [InlineData(37, 3)]
    [InlineData(8, 4)]
    public void Native_size_tile_matches_composite_then_qc_then_normalise_exactly(int size, int seed)
    {
        var options = new PreprocessingOptions { InputSize = size };
        var transform = new TileTransform(size, size, options, TileQcOptions.Default);
        var argb = PixelReference.RandomArgb(size, size, seed);
        var rgb = PixelReference.Composite(argb);
        var expectedQc = PixelReference.Measure(rgb, size, size, TileQcOptions.Default, out _);
        var expectedTensor = PixelReference.Normalise(rgb, size, options.Mean, options.Std);
        var tensor = new float[transform.TensorLength + 16];
        tensor.AsSpan(transform.TensorLength).Fill(float.NaN);

        var qc = transform.Process(argb, tensor);

        Assert.Equal(expectedQc, qc);
        Assert.Equal(expectedTensor, tensor[..transform.TensorLength]);
        Assert.All(tensor[transform.TensorLength..], v => Assert.True(float.IsNaN(v)));
        var scalarTensor = new float[transform.TensorLength];
        Assert.Equal(expectedQc, transform.ProcessScalar(argb, scalarTensor));
        Assert.Equal(expectedTensor, scalarTensor);
    }

    [Fact]
    public void Qc_verdicts_of_structured_tiles_match_the_reference()
    {
        // Glass, grey, flat stain and textured stain: each verdict, not just "everything fails".
        var transform = new TileTransform(64, 64, new PreprocessingOptions { InputSize = 64 }, TileQcOptions.Default);
        var tiles = new[]
        {
            Noisy(new RgbImage(64, 64).Fill(240, 240, 242), 10),
            Noisy(new RgbImage(64, 64).Fill(150, 150, 152), 40),
            new RgbImage(64, 64).Fill(200, 110, 170),
            Textured(),
        };
        var verdicts = new List<TileDropReason>();
        foreach (var image in tiles)
        {
            var argb = new uint[64 * 64];
            for (var i = 0; i < argb.Length; i++)
            {
                argb[i] = 0xFF000000u | ((uint)image.Data[i * 3] << 16) | ((uint)image.Data[(i * 3) + 1] << 8) | image.Data[(i * 3) + 2];
            }

            var qc = transform.Process(argb, new float[transform.TensorLength]);

            Assert.Equal(PixelReference.Measure(image.Data, 64, 64, TileQcOptions.Default, out _), qc);
            verdicts.Add(qc.Drop);
        }

        Assert.Equal(4, verdicts.Distinct().Count());
        Assert.Contains(TileDropReason.None, verdicts);
    }

    [Theory]
    [InlineData(449, 449, 224)]
    [InlineData(300, 200, 224)]
    [InlineData(37, 23, 16)]
    [InlineData(20, 12, 33)]
    public void Resized_tile_tensor_and_qc_describe_exactly_the_resized_rgb(int readWidth, int readHeight, int size)
    {
        var options = new PreprocessingOptions { InputSize = size };
        var transform = new TileTransform(readWidth, readHeight, options, TileQcOptions.Default);
        var argb = PixelReference.RandomArgb(readWidth, readHeight, seed: readWidth);
        var rgb = new byte[size * size * 3];
        var tensor = new float[transform.TensorLength];

        transform.ToRgb(argb, rgb);
        var qc = transform.Process(argb, tensor);

        var reference = PixelReference.Resample(argb, readWidth, readHeight, size, size, options.Filter);
        Assert.InRange(PixelReference.Difference(reference, rgb).Max, 0, 1);
        Assert.Equal(PixelReference.Measure(rgb, size, size, TileQcOptions.Default, out _), qc);
        Assert.Equal(PixelReference.Normalise(rgb, size, options.Mean, options.Std), tensor);
        var scalarTensor = new float[transform.TensorLength];
        Assert.Equal(qc.Drop, transform.ProcessScalar(argb, scalarTensor).Drop);
        Assert.All(tensor.Zip(scalarTensor), p => Assert.Equal(p.First, p.Second, 0.02f)); // one level: 1 / (255 * std)
    }

    [Fact]
    public void Disabled_qc_still_writes_the_tensor()
    {
        var options = new PreprocessingOptions { InputSize = 32 };
        var transform = new TileTransform(32, 32, options, new TileQcOptions { Enabled = false });
        var argb = PixelReference.RandomArgb(32, 32, seed: 5);
        var tensor = new float[transform.TensorLength];

        var qc = transform.Process(argb, tensor);

        Assert.Equal(default, qc);
        Assert.Equal(PixelReference.Normalise(PixelReference.Composite(argb), 32, options.Mean, options.Std), tensor);
    }

    [Fact]
    public void Concurrent_tiles_on_one_instance_match_sequential_ones()
    {
        var transform = new TileTransform(449, 449, PreprocessingOptions.Default, TileQcOptions.Default);
        var regions = Enumerable.Range(0, 12).Select(i => PixelReference.RandomArgb(449, 449, seed: i)).ToArray();
        var sequential = regions.Select(r =>
        {
            var tensor = new float[transform.TensorLength];
            return (Qc: transform.Process(r, tensor), Tensor: tensor);
        }).ToArray();
        var parallel = new (TileQcResult Qc, float[] Tensor)[regions.Length];

        Parallel.For(0, regions.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var tensor = new float[transform.TensorLength];
            var qc = transform.Process(regions[i % regions.Length], tensor);
            parallel[i % regions.Length] = (qc, tensor);
        });

        for (var i = 0; i < regions.Length; i++)
        {
            Assert.Equal(sequential[i].Qc, parallel[i].Qc);
            Assert.Equal(sequential[i].Tensor, parallel[i].Tensor);
        }
    }

    [Fact]
    public void Undersized_buffers_are_rejected()
    {
        var transform = new TileTransform(40, 30, new PreprocessingOptions { InputSize = 16 }, TileQcOptions.Default);

        Assert.Throws<ArgumentException>(() => transform.Process(new uint[(40 * 30) - 1], new float[transform.TensorLength]));
        Assert.Throws<ArgumentException>(() => transform.Process(new uint[40 * 30], new float[transform.TensorLength - 1]));
        Assert.Throws<ArgumentException>(() => transform.ToRgb(new uint[40 * 30], new byte[(16 * 16 * 3) - 1]));
    }

    private static RgbImage Noisy(RgbImage image, int amplitude)
    {
        var random = new Random(3);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            var delta = random.Next(-amplitude, amplitude + 1);
            for (var c = 0; c < 3; c++)
            {
                image.Data[i + c] = (byte)Math.Clamp(image.Data[i + c] + delta, 0, 255);
            }
        }

        return image;
    }

    private static RgbImage Textured()
    {
        var image = new RgbImage(64, 64).Fill(215, 140, 185);
        for (var i = 0; i < 40; i++)
        {
            image.FillDisc((i * 37) % 64, (i * 23) % 64, 3, (90, 50, 130));
        }

        return image;
    }
}
