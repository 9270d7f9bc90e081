using CohortGrid.Inference.Batching;
using CohortGrid.SampleData.Models;
using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

/// <summary>The inference engine on the models the project generates (tiny CNN, ONNX heads, a model that fails on some batches).</summary>
public sealed class GeneratedModelTests
{
    [Fact]
    public void Generated_encoder_card_loads_with_its_model()
    {
        using var temp = new TempDirectory();

        using var model = ModelLoader.Load(SampleModels.WriteTinyCnn(temp.Path));

        Assert.Equal("tiny-cnn-encoder", model.Card.Id);
        Assert.Equal(64, model.OutputRowLength);
    }

    [Fact]
    public void Null_encoder_returns_zeros_for_any_tiles()
    {
        using var temp = new TempDirectory();
        using var model = ModelLoader.Load(SampleModels.WriteNullEncoder(temp.Path));
        var output = new float[5 * model.OutputRowLength];

        model.Run(ExecutionProviderTests.RandomTiles(5, model.InputRowLength, seed: 4), 5, output);

        Assert.Equal(3, model.OutputRowLength);
        Assert.All(output, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Onnx_head_runs_through_the_same_loader_and_computes_its_linear_map()
    {
        using var temp = new TempDirectory();
        var card = SampleModels.WriteLinearHeadOnnx(temp.Path, inputDim: 16, ["risk", "grade"], kind: "slide-head");
        using var head = ModelLoader.Load(card);
        var input = ExecutionProviderTests.RandomTiles(3, 16, seed: 8);
        var output = new float[3 * 2];

        head.Run(input, 3, output);

        var weights = SampleModels.LinearHeadWeights(16, 2);
        for (var r = 0; r < 3; r++)
        {
            var expected = weights.Apply(input.AsSpan(r * 16, 16));
            Assert.Equal(expected[0], output[r * 2], 4);
            Assert.Equal(expected[1], output[(r * 2) + 1], 4);
        }

        Assert.Equal(ModelKind.SlideHead, head.Card.Kind);
        Assert.Equal(["risk", "grade"], head.Card.OutputNames!);
    }

    [Fact]
    public void Model_whose_input_is_not_an_image_is_rejected_as_a_tile_encoder()
    {
        using var temp = new TempDirectory();
        var headCard = SampleModels.WriteLinearHeadOnnx(temp.Path, inputDim: 1280, ["risk"]);
        var asEncoder = Models.CardWith(temp, headCard, ("kind", "tile-encoder"), ("input", "embedding"), ("inputSize", 224), ("targetMpp", 0.5), ("mean", new[] { 0.5, 0.5, 0.5 }), ("std", new[] { 0.5, 0.5, 0.5 }));

        var error = Assert.Throws<ModelCardException>(() => ModelLoader.Load(asEncoder));

        Assert.Contains("[N,1280]", error.Message, StringComparison.Ordinal);
        Assert.Contains("a tile encoder takes images [N,3,224,224]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_batch_fails_only_its_callers_with_the_models_error()
    {
        using var temp = new TempDirectory();
        // Runs batches of exactly 4 (or 1); any other batch size is a genuine ONNX Runtime broadcasting error.
        using var model = ModelLoader.Load(SampleModels.WriteFixedBatchModel(temp.Path, batch: 4));
        await using var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = 4, MaxWait = TimeSpan.Zero });
        var tiles = ExecutionProviderTests.RandomTiles(4, model.InputRowLength, seed: 1);
        var token = TestContext.Current.CancellationToken;

        var before = await batcher.SubmitAsync(tiles, token);
        var error = await Assert.ThrowsAsync<InferenceException>(() => batcher.SubmitAsync(tiles.AsMemory(0, 3 * model.InputRowLength), token));
        var after = await batcher.SubmitAsync(tiles, token);

        Assert.Contains("broadcast", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("fixed-batch-encoder", error.ModelId);
        Assert.Equal(before, after);
        var metrics = batcher.Metrics.Snapshot();
        Assert.Equal(1, metrics.FailedBatches);
        Assert.Equal(8, metrics.CompletedRows);
    }

    [Fact]
    public async Task Concurrent_callers_of_a_real_encoder_each_get_their_own_embeddings()
    {
        using var temp = new TempDirectory();
        using var model = ModelLoader.Load(SampleModels.WriteTinyCnn(temp.Path));
        await using var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = 32, MaxWait = TimeSpan.FromMilliseconds(2) });
        var random = new Random(12);
        var inputs = Enumerable.Range(0, 16).Select(i => ExecutionProviderTests.RandomTiles(random.Next(1, 12), model.InputRowLength, seed: i)).ToArray();

        var outputs = await Task.WhenAll(inputs.Select(input => Task.Run(() => batcher.SubmitAsync(input, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        for (var i = 0; i < inputs.Length; i++)
        {
            var rows = inputs[i].Length / model.InputRowLength;
            var alone = new float[rows * model.OutputRowLength];
            model.Run(inputs[i], rows, alone);
            AssertClose(alone, outputs[i], 1e-5f);
        }
    }

    internal static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= tolerance, $"largest difference {worst}");
    }
}
