using System.Globalization;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// Three stride-2 3×3 convolutions (3→16→32→64, Relu) and global average pooling: about 34M
/// multiply-accumulates per 224×224 tile, so tests and demos run thousands of tiles a second on a CPU.
/// </summary>
internal static class TinyCnnModel
{
    public const string Id = "tiny-cnn-encoder";
    public const int EmbeddingDim = 64;

    public static GeneratedModel Build(int seed)
    {
        var net = new ConvNetBuilder(Id, seed, channels: 3, size: SampleModelCard.TileSize);
        var x = net.Conv("conv1", net.Input, 16, kernel: 3, stride: 2);
        x = net.Conv("conv2", x, 32, kernel: 3, stride: 2);
        x = net.Conv("conv3", x, EmbeddingDim, kernel: 3, stride: 2);
        var bytes = net.Finish(x);
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"Seeded random 3-layer CNN (seed {seed}, generator v{SampleModels.GeneratorVersion}): a fast stand-in tile encoder for tests and demos. Its features carry no meaning.");
        return new GeneratedModel(SampleModelCard.TileEncoder(Id, EmbeddingDim, description), bytes, net.MultiplyAccumulates, net.Parameters);
    }
}
