using CohortGrid.Inference.Batching;
using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

public sealed class LinearHeadTests
{
    [Fact]
    public void Linear_head_computes_weights_times_input_plus_bias()
    {
        using var head = LinearHead.Create("risk", "1", ModelKind.SlideHead, [[1f, 2f, 3f], [0f, -1f, 0.5f]], [0.5f, -2f], ["risk", "other"]);
        var output = new float[4];

        head.Run(new float[] { 1, 1, 1, 2, 0, -2 }, 2, output);

        Assert.Equal([6.5f, -2.5f, -3.5f, -3f], output);
    }

    [Fact]
    public void Linear_head_saved_as_a_card_loads_back_through_the_model_loader()
    {
        using var temp = new TempDirectory();
        using var original = LinearHead.Create("cox-risk", "2026-11", ModelKind.SlideHead, [[0.25f, -0.5f]], [0.1f], ["risk"], "fitted Cox model");
        original.Card.Save(temp.File("cox-risk.card.json"));

        using var loaded = ModelLoader.Load(temp.File("cox-risk.card.json"));

        Assert.IsType<LinearHead>(loaded);
        Assert.Equal(["risk"], loaded.Card.OutputNames!);
        var output = new float[1];
        loaded.Run(new float[] { 2, 1 }, 1, output);
        Assert.Equal(0.1f, output[0], 6);
    }

    [Fact]
    public void Weights_of_the_wrong_shape_are_rejected_naming_the_field()
    {
        var error = Assert.Throws<ModelCardException>(() => LinearHead.Create("bad", "1", ModelKind.TileHead, [[1f, 2f], [1f]], [0f, 0f], ["a", "b"]));

        Assert.Equal("weights", error.Field);
    }

    [Fact]
    public void Output_names_must_match_the_outputs()
    {
        var error = Assert.Throws<ModelCardException>(() => LinearHead.Create("bad", "1", ModelKind.TileHead, [[1f, 2f]], [0f], ["a", "b"]));

        Assert.Equal("outputNames", error.Field);
    }

    [Fact]
    public async Task Linear_heads_run_through_the_batcher_like_onnx_models()
    {
        using var head = LinearHead.Create("genes", "1", ModelKind.TileHead, [[1f, 0f], [0f, 1f], [1f, 1f]], [0f, 0f, 1f], ["EPCAM", "CDX2", "sum"]);
        await using var batcher = new InferenceBatcher(head);

        var output = await batcher.SubmitAsync(new float[] { 2, 3, 4, 5 }, TestContext.Current.CancellationToken);

        Assert.Equal([2f, 3f, 6f, 4f, 5f, 10f], output);
    }
}
