using System.Globalization;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// An encoder-shaped model that only runs at one batch size (or 1): its features are the per-channel
/// tile means, but on the way it adds a constant [batch, 3] to them, which fails in ONNX Runtime with
/// a broadcasting error for any other batch size. A genuine model failure for error-handling tests.
/// </summary>
internal static class FixedBatchModel
{
    public const int EmbeddingDim = 3;

    public static GeneratedModel Build(string id, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 2);
        var size = SampleModelCard.TileSize;
        var graph = new OnnxGraphBuilder(id);
        graph.AddInput(ConvNetBuilder.InputName, ConvNetBuilder.BatchDim, EmbeddingDim, size, size);
        var pooled = graph.AddNode("GlobalAveragePool", "pool", [ConvNetBuilder.InputName]);
        var means = graph.AddNode("Flatten", "flatten", [pooled], OnnxAttribute.Int("axis", 1));

        // The check is a side branch reduced to [1, 3] and multiplied by zero, so a batch of 1 (which
        // broadcasts against [batch, 3]) still gives [1, 3], and ONNX Runtime's shape inference keeps the
        // output's batch symbolic instead of pinning it to the constant's first dimension.
        var offset = graph.AddInitializer("offset", WeightRandom.Uniform(0, "offset", batch * EmbeddingDim, 0.1f), batch, EmbeddingDim);
        var check = graph.AddNode("Add", "batch_check", [means, offset]);
        var reduced = graph.AddNode("ReduceMean", "batch_check_mean", [check], OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 1));
        var zero = graph.AddInitializer("zero", [0f], 1);
        var nothing = graph.AddNode("Mul", "batch_check_zero", [reduced, zero]);
        graph.AddNode("Add", ConvNetBuilder.OutputName, [means, nothing]);
        graph.AddOutput(ConvNetBuilder.OutputName, ConvNetBuilder.BatchDim, EmbeddingDim);

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"Per-channel tile means (generator v{SampleModels.GeneratorVersion}) that run only at batch size {batch} or 1: " +
            $"any other batch fails with a broadcasting error. For error-handling tests.");
        return new GeneratedModel(SampleModelCard.TileEncoder(id, EmbeddingDim, description), graph.ToModelBytes(), 0, (batch * EmbeddingDim) + 1);
    }
}
