using System.Numerics.Tensors;

namespace CohortGrid.Inference;

/// <summary>
/// A head stored as weights and bias in its card (output = W·x + b per row): how fitted Cox and ridge
/// models are saved and applied without ONNX. Immutable, thread-safe.
/// </summary>
public sealed class LinearHead : IBatchModel
{
    private readonly float[] _weights;
    private readonly float[] _bias;

    public LinearHead(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Format != ModelFormat.Linear)
        {
            throw new ModelCardException(card.CardPath, "format", "must be linear for a linear head.");
        }

        card.Validate();
        Card = card;
        _weights = [.. card.Weights!.SelectMany(row => row)];
        _bias = card.Bias ?? new float[card.EmbeddingDim];
    }

    public ModelCard Card { get; }

    public int InputRowLength => Card.InputDim!.Value;

    public int OutputRowLength => Card.EmbeddingDim;

    public string Provider => "managed";

    /// <summary>Builds a head from fitted coefficients (e.g. a Cox model's betas as one "risk" output).</summary>
    public static LinearHead Create(string id, string version, ModelKind kind, float[][] weights, float[] bias, string[] outputNames, string? description = null) =>
        new(new ModelCard
        {
            Id = id,
            Version = version,
            Kind = kind,
            Format = ModelFormat.Linear,
            InputDim = weights.Length > 0 ? weights[0].Length : 0,
            EmbeddingDim = weights.Length,
            Weights = weights,
            Bias = bias,
            OutputNames = outputNames,
            Description = description,
        });

    public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output)
    {
        var inDim = InputRowLength;
        var outDim = OutputRowLength;
        if (input.Length < rows * inDim || output.Length < rows * outDim)
        {
            throw new ArgumentException($"Buffers are too small for {rows} rows.");
        }

        var x = input.Span;
        var y = output.Span;
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * inDim, inDim);
            for (var o = 0; o < outDim; o++)
            {
                y[(r * outDim) + o] = TensorPrimitives.Dot(row, _weights.AsSpan(o * inDim, inDim)) + _bias[o];
            }
        }
    }

    public void Dispose()
    {
    }
}
