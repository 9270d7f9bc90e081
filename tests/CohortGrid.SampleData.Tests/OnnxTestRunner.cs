using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.SampleData.Tests;

/// <summary>Runs the generated models in ONNX Runtime, the consumer they are written for.</summary>
internal static class OnnxTestRunner
{
    public const int TileSize = 224;

    /// <summary>Runs one input through the session; returns the single output's values and shape.</summary>
    public static (float[] Values, long[] Shape) Run(InferenceSession session, string input, string output, float[] data, params long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [input], [value], [output]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Runs <paramref name="count"/> random normalised tiles through an encoder.</summary>
    public static (float[] Values, long[] Shape) RunTiles(InferenceSession session, int count, int seed = 1) =>
        Run(session, "input", "features", RandomValues(count * 3 * TileSize * TileSize, seed, 2f), count, 3, TileSize, TileSize);

    /// <summary>Values uniform in [-limit, limit): ImageNet-normalised pixels fall within about ±2.5.</summary>
    public static float[] RandomValues(int count, int seed, float limit)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * limit;
        }

        return values;
    }
}
