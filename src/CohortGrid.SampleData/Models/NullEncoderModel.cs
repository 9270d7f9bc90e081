using System.Globalization;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// An encoder that costs next to nothing and returns zeros ("input" [N,3,224,224] → "features" [N,3]):
/// the per-channel means multiplied by zero. Benchmarks use it to measure what the cluster costs on top
/// of reading tiles, with inference taken out.
/// </summary>
internal static class NullEncoderModel
{
    public const int EmbeddingDim = 3;

    public static GeneratedModel Build(string id)
    {
        var size = SampleModelCard.TileSize;
        var graph = new OnnxGraphBuilder(id);
        graph.AddInput(ConvNetBuilder.InputName, ConvNetBuilder.BatchDim, EmbeddingDim, size, size);
        var pooled = graph.AddNode("GlobalAveragePool", "pool", [ConvNetBuilder.InputName]);
        var means = graph.AddNode("Flatten", "flatten", [pooled], OnnxAttribute.Int("axis", 1));
        var zero = graph.AddInitializer("zero", [0f], 1);
        graph.AddNode("Mul", ConvNetBuilder.OutputName, [means, zero]);
        graph.AddOutput(ConvNetBuilder.OutputName, ConvNetBuilder.BatchDim, EmbeddingDim);
        var description = string.Create(CultureInfo.InvariantCulture, $"Returns zeros at almost no cost (generator v{SampleModels.GeneratorVersion}); for orchestration benchmarks.");
        return new GeneratedModel(SampleModelCard.TileEncoder(id, EmbeddingDim, description), graph.ToModelBytes(), 0, 1);
    }
}
