using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

public sealed class ResampleKernelTests
{
    public static TheoryData<ResampleFilter, int, int> Cases()
    {
        var data = new TheoryData<ResampleFilter, int, int>();
        foreach (var filter in Enum.GetValues<ResampleFilter>())
        {
            data.Add(filter, 449, 224);
            data.Add(filter, 246, 224);
            data.Add(filter, 100, 224);
            data.Add(filter, 3, 224);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weights_sum_to_one_and_stay_inside_the_source(ResampleFilter filter, int source, int target)
    {
        var kernel = ResampleKernel.Create(source, target, filter);

        for (var i = 0; i < target; i++)
        {
            Assert.Equal(1f, kernel.Weights.AsSpan(i * kernel.Taps, kernel.Taps).ToArray().Sum(), 4);
            Assert.InRange(kernel.Starts[i], 0, source - kernel.Taps);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constant_signal_stays_constant(ResampleFilter filter, int source, int target)
    {
        var kernel = ResampleKernel.Create(source, target, filter);
        var output = new float[target];

        kernel.Apply(Enumerable.Repeat(200f, source).ToArray(), output);

        Assert.All(output, v => Assert.Equal(200f, v, 2));
    }

    [Fact]
    public void Area_filter_halving_averages_pairs()
    {
        var kernel = ResampleKernel.Area(8, 4);
        var output = new float[4];

        kernel.Apply([0, 2, 4, 6, 8, 10, 12, 14], output);

        Assert.Equal([1f, 5f, 9f, 13f], output);
    }

    [Fact]
    public void Antialiased_downscale_suppresses_a_pixel_checkerboard()
    {
        // A 1-px stripe pattern aliases to full contrast under plain point sampling.
        var stripes = Enumerable.Range(0, 448).Select(i => i % 2 == 0 ? 0f : 255f).ToArray();
        var output = new float[224];

        ResampleKernel.Create(448, 224, ResampleFilter.Bicubic).Apply(stripes, output);

        Assert.All(output[2..^2], v => Assert.InRange(v, 100f, 155f));
    }

}
