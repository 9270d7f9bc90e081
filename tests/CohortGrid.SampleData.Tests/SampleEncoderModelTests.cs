using CohortGrid.SampleData.Models;
using CohortGrid.Testing;
using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.SampleData.Tests;

public sealed class SampleEncoderModelTests
{
    [Theory]
    [InlineData(SampleModels.TinyCnnId, 64)]
    [InlineData(SampleModels.ResNet50Layer3Id, 1024)]
    public void Encoder_loads_with_a_symbolic_batch_and_returns_finite_features(string id, int embeddingDim)
    {
        using var temp = new TempDirectory();
        TestModels.WriteEncoder(id, temp.Path);

        using var session = new InferenceSession(temp.File($"{id}.onnx"));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal([-1, 3, 224, 224], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.Value.ElementType);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("features", output.Key);
        Assert.Equal([-1, embeddingDim], output.Value.Dimensions);
        Assert.Equal("N", output.Value.SymbolicDimensions[0]);

        var (features, shape) = OnnxTestRunner.RunTiles(session, count: 2);

        Assert.Equal([2L, embeddingDim], shape);
        Assert.All(features, value => Assert.True(float.IsFinite(value)));
        // Seeded random weights still have to give tile-dependent, non-degenerate features.
        Assert.Contains(features, value => value > 0);
        Assert.False(features.AsSpan(0, embeddingDim).SequenceEqual(features.AsSpan(embeddingDim)));
    }

    [Fact]
    public void Tiny_cnn_gives_the_same_features_for_the_same_tiles()
    {
        using var temp = new TempDirectory();
        SampleModels.WriteTinyCnn(temp.Path);

        using var first = new InferenceSession(temp.File("tiny-cnn-encoder.onnx"));
        using var second = new InferenceSession(temp.File("tiny-cnn-encoder.onnx"));

        Assert.Equal(OnnxTestRunner.RunTiles(first, count: 2, seed: 3).Values, OnnxTestRunner.RunTiles(second, count: 2, seed: 3).Values);
        Assert.NotEqual(OnnxTestRunner.RunTiles(first, count: 2, seed: 3).Values, OnnxTestRunner.RunTiles(first, count: 2, seed: 4).Values);
    }

    [Fact]
    public void ResNet50_layer3_has_the_real_networks_compute_and_weight_count()
    {
        var model = ResNet50Layer3Model.Build(SampleModels.DefaultSeed);

        // Hand count for a 224×224 tile: conv1 118.0M, layer1 667.9M, layer2 1027.6M, layer3 1464.3M.
        Assert.Equal(3_277_897_728L, model.MultiplyAccumulates);
        // 8,512,704 conv weights (torchvision's resnet50 up to layer3) plus one folded bias per output channel.
        Assert.Equal(8_512_704L + 15_296L, model.Parameters);
        Assert.InRange(model.Bytes.Length, model.Parameters * 4, (model.Parameters * 4) + 100_000);
    }

    [Fact]
    public void Tiny_cnn_is_small_and_cheap()
    {
        var model = TinyCnnModel.Build(SampleModels.DefaultSeed);

        Assert.Equal((112L * 112 * 16 * 27) + (56L * 56 * 32 * 144) + (28L * 28 * 64 * 288), model.MultiplyAccumulates);
        Assert.True(model.Bytes.Length < 100_000, $"{model.Bytes.Length} bytes");
    }
}
