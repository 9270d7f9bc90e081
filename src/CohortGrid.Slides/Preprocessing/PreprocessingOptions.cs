using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>How a tile becomes an encoder input: size, resampling filter and per-channel normalisation.</summary>
public sealed record PreprocessingOptions
{
    /// <summary>ImageNet channel means (RGB), the convention of most pathology encoders.</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet channel standard deviations (RGB).</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>Encoder input side in pixels.</summary>
    public int InputSize { get; init; } = 224;

    /// <summary>Per-channel mean on the 0-1 scale, RGB order.</summary>
    public IReadOnlyList<float> Mean { get; init; } = ImageNetMean;

    /// <summary>Per-channel standard deviation on the 0-1 scale, RGB order.</summary>
    public IReadOnlyList<float> Std { get; init; } = ImageNetStd;

    /// <summary>Filter used when the read region differs from the input size.</summary>
    public ResampleFilter Filter { get; init; } = ResampleFilter.Bicubic;

    public static PreprocessingOptions Default { get; } = new();

    /// <summary>Floats per tile in a CHW tensor.</summary>
    public int TensorLength => 3 * InputSize * InputSize;

    public void Validate()
    {
        if (InputSize is < 8 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "Input size must be between 8 and 4096 pixels.");
        }

        if (Mean.Count != 3 || Std.Count != 3)
        {
            throw new ArgumentException("Mean and std need exactly three values (R, G, B).");
        }

        if (Std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Every std value must be positive.");
        }
    }
}
