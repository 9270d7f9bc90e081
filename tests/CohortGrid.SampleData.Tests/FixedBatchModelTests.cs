using CohortGrid.SampleData.Models;
using CohortGrid.Testing;
using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.SampleData.Tests;

public sealed class FixedBatchModelTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(1)]
    public void Fixed_batch_model_runs_at_its_batch_size_or_one_and_returns_tile_means(int count)
    {
        using var temp = new TempDirectory();
        SampleModels.WriteFixedBatchModel(temp.Path, batch: 4);
        var tiles = OnnxTestRunner.RandomValues(count * 3 * 224 * 224, seed: 2, limit: 1f);

        using var session = new InferenceSession(temp.File("fixed-batch-encoder.onnx"));
        var (features, shape) = OnnxTestRunner.Run(session, "input", "features", tiles, count, 3, 224, 224);

        Assert.Equal([count, 3L], shape);
        for (var plane = 0; plane < count * 3; plane++)
        {
            var mean = tiles.AsSpan(plane * 224 * 224, 224 * 224).ToArray().Average(v => (double)v);
            Assert.Equal(mean, features[plane], 1e-5);
        }
    }

    [Fact]
    public void Fixed_batch_model_declares_a_symbolic_batch_like_any_encoder()
    {
        using var temp = new TempDirectory();
        SampleModels.WriteFixedBatchModel(temp.Path, batch: 4);

        using var session = new InferenceSession(temp.File("fixed-batch-encoder.onnx"));

        Assert.Equal([-1, 3, 224, 224], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata["features"].Dimensions);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Fixed_batch_model_fails_at_run_time_for_another_batch_size(int count)
    {
        using var temp = new TempDirectory();
        SampleModels.WriteFixedBatchModel(temp.Path, batch: 4);

        using var session = new InferenceSession(temp.File("fixed-batch-encoder.onnx"));

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxTestRunner.RunTiles(session, count));
        Assert.Contains("broadcast", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fixed_batch_of_one_is_refused_since_every_batch_would_broadcast() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleModels.WriteFixedBatchModel(Path.GetTempPath(), batch: 1));
}
