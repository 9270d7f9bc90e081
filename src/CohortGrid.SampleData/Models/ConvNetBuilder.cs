namespace CohortGrid.SampleData.Models;

/// <summary>
/// Builds a convolutional tile encoder: input "input" [N, 3, size, size], layers added one by one
/// with seeded weights, then global average pooling to output "features" [N, channels]. Tracks
/// activation shapes so each layer's weights, padding and multiply-accumulate count follow from them.
/// </summary>
internal sealed class ConvNetBuilder
{
    public const string InputName = "input";
    public const string OutputName = "features";
    public const string BatchDim = "N";

    // Biases stand in for folded BatchNorm shifts: small, so the weights decide the activations.
    private const float BiasLimit = 0.05f;

    private readonly OnnxGraphBuilder _graph;
    private readonly int _seed;

    public ConvNetBuilder(string graphName, int seed, int channels, int size)
    {
        _graph = new OnnxGraphBuilder(graphName);
        _seed = seed;
        _graph.AddInput(InputName, BatchDim, channels, size, size);
        Input = new FeatureMap(InputName, channels, size);
    }

    public FeatureMap Input { get; }

    /// <summary>Multiply-accumulates per tile in the convolutions added so far.</summary>
    public long MultiplyAccumulates { get; private set; }

    /// <summary>Weights and biases added so far.</summary>
    public long Parameters { get; private set; }

    /// <summary>
    /// A kernel × kernel convolution with "same" padding, optionally followed by Relu. Weights are He
    /// uniform times <paramref name="gain"/>; a gain below 1 damps a branch that is summed with others.
    /// </summary>
    public FeatureMap Conv(string name, FeatureMap x, int outChannels, int kernel, int stride = 1, bool relu = true, float gain = 1f)
    {
        var pad = kernel / 2;
        var size = ((x.Size + (2 * pad) - kernel) / stride) + 1;
        var fanIn = x.Channels * kernel * kernel;
        var weight = _graph.AddInitializer(
            $"{name}.weight", WeightRandom.He(_seed, $"{name}.weight", outChannels * fanIn, fanIn, gain), outChannels, x.Channels, kernel, kernel);
        var bias = _graph.AddInitializer($"{name}.bias", WeightRandom.Uniform(_seed, $"{name}.bias", outChannels, BiasLimit), outChannels);
        var output = _graph.AddNode(
            "Conv",
            name,
            [x.Name, weight, bias],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Ints("strides", stride, stride));
        MultiplyAccumulates += (long)size * size * outChannels * fanIn;
        Parameters += ((long)outChannels * fanIn) + outChannels;
        var result = new FeatureMap(output, outChannels, size);
        return relu ? Relu($"{name}.relu", result) : result;
    }

    public FeatureMap MaxPool(string name, FeatureMap x, int kernel, int stride)
    {
        var pad = kernel / 2;
        var output = _graph.AddNode(
            "MaxPool",
            name,
            [x.Name],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad),
            OnnxAttribute.Ints("strides", stride, stride));
        return x with { Name = output, Size = ((x.Size + (2 * pad) - kernel) / stride) + 1 };
    }

    public FeatureMap Relu(string name, FeatureMap x) => x with { Name = _graph.AddNode("Relu", name, [x.Name]) };

    /// <summary>Residual join: Relu(a + b).</summary>
    public FeatureMap AddRelu(string name, FeatureMap a, FeatureMap b)
    {
        if ((a.Channels, a.Size) != (b.Channels, b.Size))
        {
            throw new InvalidOperationException($"Cannot add {a} and {b}: shapes differ.");
        }

        return Relu($"{name}.relu", a with { Name = _graph.AddNode("Add", name, [a.Name, b.Name]) });
    }

    /// <summary>Global average pooling and flattening to "features" [N, channels]; returns the serialised model.</summary>
    public byte[] Finish(FeatureMap x)
    {
        var pooled = _graph.AddNode("GlobalAveragePool", "pool", [x.Name]);
        _graph.AddNode("Flatten", OutputName, [pooled], OnnxAttribute.Int("axis", 1));
        _graph.AddOutput(OutputName, BatchDim, x.Channels);
        return _graph.ToModelBytes();
    }
}
