namespace CohortGrid.SampleData.Models;

/// <summary>
/// The weights of a sample linear head, y = x·Wᵀ + b, exactly as written into its ONNX file, so a
/// test can compute what the model must return.
/// </summary>
public sealed class LinearHeadWeights
{
    internal LinearHeadWeights(int inputDim, int outputCount, float[] weight, float[] bias)
    {
        InputDim = inputDim;
        OutputCount = outputCount;
        Weight = weight;
        Bias = bias;
    }

    public int InputDim { get; }

    public int OutputCount { get; }

    /// <summary>Row-major [OutputCount, InputDim]: row o holds the weights of output o.</summary>
    public ReadOnlyMemory<float> Weight { get; }

    /// <summary>[OutputCount].</summary>
    public ReadOnlyMemory<float> Bias { get; }

    /// <summary>x·Wᵀ + b for one embedding, accumulated in double so it serves as the reference.</summary>
    public double[] Apply(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != InputDim)
        {
            throw new ArgumentException($"Expected {InputDim} values, got {embedding.Length}.", nameof(embedding));
        }

        var weight = Weight.Span;
        var scores = new double[OutputCount];
        for (var o = 0; o < scores.Length; o++)
        {
            double sum = Bias.Span[o];
            var row = weight.Slice(o * InputDim, InputDim);
            for (var i = 0; i < row.Length; i++)
            {
                sum += (double)embedding[i] * row[i];
            }

            scores[o] = sum;
        }

        return scores;
    }
}
