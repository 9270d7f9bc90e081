using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

/// <summary>
/// The kernel's weights applied the plain way, one sample at a time: the yardstick the vectorised
/// resampler and the weights themselves are checked against.
/// </summary>
internal static class ResampleKernelReference
{
    public static void Apply(this ResampleKernel kernel, ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < kernel.TargetSize; i++)
        {
            var acc = 0f;
            for (var t = 0; t < kernel.Taps; t++)
            {
                acc += source[kernel.Starts[i] + t] * kernel.Weights[(i * kernel.Taps) + t];
            }

            target[i] = acc;
        }
    }

    public static void ApplyInterleaved(this ResampleKernel kernel, ReadOnlySpan<byte> source, Span<float> target, int channels)
    {
        for (var i = 0; i < kernel.TargetSize; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var acc = 0f;
                for (var t = 0; t < kernel.Taps; t++)
                {
                    acc += source[((kernel.Starts[i] + t) * channels) + c] * kernel.Weights[(i * kernel.Taps) + t];
                }

                target[(i * channels) + c] = acc;
            }
        }
    }
}
