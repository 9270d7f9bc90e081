using CohortGrid.SampleData.Models;
using CohortGrid.Testing;
using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.SampleData.Tests;

public sealed class LinearHeadModelTests
{
    [Fact]
    public void Onnx_head_computes_x_times_W_transposed_plus_b()
    {
        using var temp = new TempDirectory();
        SampleModels.WriteLinearHeadOnnx(temp.Path, inputDim: 16, ["risk", "grade", "survival"], seed: 3);
        var weights = SampleModels.LinearHeadWeights(16, 3, seed: 3);
        var embeddings = OnnxTestRunner.RandomValues(2 * 16, seed: 9, limit: 3f);

        using var session = new InferenceSession(temp.File("linear-slide-head.onnx"));
        var (scores, shape) = OnnxTestRunner.Run(session, "embedding", "scores", embeddings, 2, 16);

        Assert.Equal([2L, 3], shape);
        for (var row = 0; row < 2; row++)
        {
            var expected = weights.Apply(embeddings.AsSpan(row * 16, 16));
            for (var o = 0; o < 3; o++)
            {
                Assert.Equal(expected[o], scores[(row * 3) + o], 1e-5);
            }
        }
    }

    [Fact]
    public void Onnx_head_declares_embedding_in_and_scores_out_with_a_symbolic_batch()
    {
        using var temp = new TempDirectory();
        SampleModels.WriteLinearHeadOnnx(temp.Path, inputDim: 32, ["risk"], id: "risk-head");

        using var session = new InferenceSession(temp.File("risk-head.onnx"));

        Assert.Equal("embedding", Assert.Single(session.InputMetadata.Keys));
        Assert.Equal([-1, 32], session.InputMetadata["embedding"].Dimensions);
        Assert.Equal("scores", Assert.Single(session.OutputMetadata.Keys));
        Assert.Equal([-1, 1], session.OutputMetadata["scores"].Dimensions);
        Assert.Equal("N", session.InputMetadata["embedding"].SymbolicDimensions[0]);
    }

    [Fact]
    public void Head_weights_are_seeded_and_scaled_like_a_linear_layer()
    {
        var weights = SampleModels.LinearHeadWeights(64, 4, seed: 2);

        Assert.Equal((64, 4, 256, 4), (weights.InputDim, weights.OutputCount, weights.Weight.Length, weights.Bias.Length));
        Assert.All(weights.Weight.ToArray(), w => Assert.InRange(w, -0.125f, 0.125f));
        Assert.Equal(weights.Weight.ToArray(), SampleModels.LinearHeadWeights(64, 4, seed: 2).Weight.ToArray());
    }

    [Fact]
    public void Head_without_outputs_or_with_an_unknown_kind_is_refused()
    {
        using var temp = new TempDirectory();

        Assert.Throws<ArgumentException>(() => SampleModels.WriteLinearHeadOnnx(temp.Path, 8, []));
        Assert.Throws<ArgumentException>(() => SampleModels.WriteLinearHeadOnnx(temp.Path, 8, ["risk"], kind: "tile-encoder"));
        Assert.Throws<ArgumentException>(() => SampleModels.WriteLinearHeadOnnx(temp.Path, 8, ["risk"], id: "../escape"));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
