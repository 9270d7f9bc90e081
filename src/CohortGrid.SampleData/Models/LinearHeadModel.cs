using System.Globalization;

namespace CohortGrid.SampleData.Models;

/// <summary>An ONNX head: "embedding" [N, inputDim] → Gemm with seeded weights → "scores" [N, outputs].</summary>
internal static class LinearHeadModel
{
    public const string InputName = "embedding";
    public const string OutputName = "scores";

    /// <summary>PyTorch's nn.Linear initialisation, U(-1/√inputDim, 1/√inputDim) for weights and bias.</summary>
    public static LinearHeadWeights Weights(int inputDim, int outputCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputCount);
        var limit = 1f / MathF.Sqrt(inputDim);
        return new LinearHeadWeights(
            inputDim,
            outputCount,
            WeightRandom.Uniform(seed, "head.weight", outputCount * inputDim, limit),
            WeightRandom.Uniform(seed, "head.bias", outputCount, limit));
    }

    public static GeneratedModel Build(string id, string kind, int inputDim, IReadOnlyList<string> outputNames, int seed)
    {
        var weights = Weights(inputDim, outputNames.Count, seed);
        var graph = new OnnxGraphBuilder(id);
        graph.AddInput(InputName, ConvNetBuilder.BatchDim, inputDim);
        var weight = graph.AddInitializer("head.weight", weights.Weight.ToArray(), outputNames.Count, inputDim);
        var bias = graph.AddInitializer("head.bias", weights.Bias.ToArray(), outputNames.Count);
        graph.AddNode(
            "Gemm",
            OutputName,
            [InputName, weight, bias],
            OnnxAttribute.Float("alpha", 1f),
            OnnxAttribute.Float("beta", 1f),
            OnnxAttribute.Int("transB", 1));
        graph.AddOutput(OutputName, ConvNetBuilder.BatchDim, outputNames.Count);

        var card = new SampleModelCard
        {
            Id = id,
            Kind = kind,
            Input = InputName,
            InputDim = inputDim,
            Output = OutputName,
            EmbeddingDim = outputNames.Count,
            OutputNames = [.. outputNames],
            Description = string.Create(
                CultureInfo.InvariantCulture,
                $"Seeded random linear head as an ONNX Gemm (seed {seed}, generator v{SampleModels.GeneratorVersion}): scores = embedding x W^T + b. For tests only."),
        };
        return new GeneratedModel(card, graph.ToModelBytes(), (long)inputDim * outputNames.Count, ((long)inputDim + 1) * outputNames.Count);
    }
}
