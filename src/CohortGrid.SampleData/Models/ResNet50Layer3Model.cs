using System.Globalization;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// The ResNet-50 trunk up to layer3 with global average pooling, as CLAM uses it for 1024-d tile
/// features: same layers, shapes and multiply-accumulates as the real network (BatchNorm folded
/// into conv biases), but seeded random weights. Good for throughput benchmarks, nothing else.
/// </summary>
internal static class ResNet50Layer3Model
{
    public const string Id = "resnet50-layer3-encoder";
    public const int EmbeddingDim = 1024;

    // He weights keep each branch's variance; damping the last conv of every residual branch keeps
    // 13 summed blocks from compounding it, so activations stay in a sane range with random weights.
    private const float ResidualGain = 0.2f;

    public static GeneratedModel Build(int seed)
    {
        var net = new ConvNetBuilder(Id, seed, channels: 3, size: SampleModelCard.TileSize);
        var x = net.Conv("conv1", net.Input, 64, kernel: 7, stride: 2);
        x = net.MaxPool("maxpool", x, kernel: 3, stride: 2);
        x = Stage(net, "layer1", x, blocks: 3, width: 64, stride: 1);
        x = Stage(net, "layer2", x, blocks: 4, width: 128, stride: 2);
        x = Stage(net, "layer3", x, blocks: 6, width: 256, stride: 2);
        var bytes = net.Finish(x);
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"ResNet-50 truncated after layer3 (CLAM feature extractor) with seeded random weights (seed {seed}, generator v{SampleModels.GeneratorVersion}): " +
            $"the shapes of the real network and {net.MultiplyAccumulates / 1e9:0.00} GMAC per tile, for throughput benchmarks only. Its features carry no meaning.");
        return new GeneratedModel(SampleModelCard.TileEncoder(Id, EmbeddingDim, description), bytes, net.MultiplyAccumulates, net.Parameters);
    }

    private static FeatureMap Stage(ConvNetBuilder net, string name, FeatureMap x, int blocks, int width, int stride)
    {
        for (var i = 0; i < blocks; i++)
        {
            x = Bottleneck(net, $"{name}.{i}", x, width, i == 0 ? stride : 1);
        }

        return x;
    }

    /// <summary>torchvision's v1.5 bottleneck: 1×1 reduce, strided 3×3, 1×1 expand ×4, projection shortcut when the shape changes.</summary>
    private static FeatureMap Bottleneck(ConvNetBuilder net, string name, FeatureMap x, int width, int stride)
    {
        var outChannels = width * 4;
        var branch = net.Conv($"{name}.conv1", x, width, kernel: 1);
        branch = net.Conv($"{name}.conv2", branch, width, kernel: 3, stride: stride);
        branch = net.Conv($"{name}.conv3", branch, outChannels, kernel: 1, relu: false, gain: ResidualGain);
        var shortcut = stride != 1 || x.Channels != outChannels
            ? net.Conv($"{name}.downsample", x, outChannels, kernel: 1, stride: stride, relu: false)
            : x;
        return net.AddRelu($"{name}.add", branch, shortcut);
    }
}
