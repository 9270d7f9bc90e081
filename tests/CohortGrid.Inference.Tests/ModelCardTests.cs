using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

public sealed class ModelCardTests
{
    [Fact]
    public void Card_of_the_real_encoder_loads_and_matches_its_graph()
    {
        using var model = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard));

        Assert.Equal("mobilenetv2-features", model.Card.Id);
        Assert.Equal(ModelKind.TileEncoder, model.Card.Kind);
        Assert.Equal(3 * 224 * 224, model.InputRowLength);
        Assert.Equal(1280, model.OutputRowLength);
        Assert.Equal("CPU", model.Provider);
        Assert.Equal([0.485f, 0.456f, 0.406f], model.Card.Mean!);
    }

    [Fact]
    public void Wrong_embedding_dimension_is_rejected_naming_the_field()
    {
        using var temp = new TempDirectory();
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("embeddingDim", 1024)));

        var error = Assert.Throws<ModelCardException>(() => OnnxModel.Load(card));

        Assert.Equal("embeddingDim", error.Field);
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
        Assert.Contains("1280", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_input_name_is_rejected_listing_the_real_inputs()
    {
        using var temp = new TempDirectory();
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("input", "pixels")));

        var error = Assert.Throws<ModelCardException>(() => OnnxModel.Load(card));

        Assert.Equal("input", error.Field);
        Assert.Contains("'pixels'", error.Message, StringComparison.Ordinal);
        Assert.Contains("inputs are: input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_output_is_rejected_listing_the_real_outputs()
    {
        using var temp = new TempDirectory();
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("output", "embedding")));

        var error = Assert.Throws<ModelCardException>(() => OnnxModel.Load(card));

        Assert.Equal("output", error.Field);
        Assert.Contains("features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_input_size_is_rejected_with_the_graph_shape()
    {
        using var temp = new TempDirectory();
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("inputSize", 256)));

        var error = Assert.Throws<ModelCardException>(() => OnnxModel.Load(card));

        Assert.Equal("inputSize", error.Field);
        Assert.Contains("[N,3,224,224]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "", "id")]
    [InlineData("mean", new[] { 0.5, 0.5 }, "mean")]
    [InlineData("std", new[] { 0.2, 0.0, 0.2 }, "std")]
    [InlineData("targetMpp", null, "targetMpp")]
    [InlineData("embeddingDim", 0, "embeddingDim")]
    public void Invalid_fields_are_rejected_before_loading_the_model(string field, object? value, string expectedField)
    {
        using var temp = new TempDirectory();
        var path = Models.CardWith(temp, Models.MobileNetCard, (field, value));

        var error = Assert.Throws<ModelCardException>(() => ModelCard.Load(path));

        Assert.Equal(expectedField, error.Field);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_without_a_card_says_a_card_is_needed()
    {
        using var temp = new TempDirectory();
        var onnx = temp.File("bare.onnx");
        File.Copy(ModelCard.Load(Models.MobileNetCard).ModelPath, onnx);

        var error = Assert.Throws<ModelCardException>(() => ModelCard.Load(onnx));

        Assert.Contains("bare.card.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_that_is_not_json_is_rejected()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("x.card.json"), "{ \"id\": \"x\", \"kind\": \"tile-encoder\", ");

        var error = Assert.Throws<ModelCardException>(() => ModelCard.Load(temp.File("x.card.json")));

        Assert.Contains("is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kind_is_rejected()
    {
        using var temp = new TempDirectory();
        var path = Models.CardWith(temp, Models.MobileNetCard, ("kind", "slide-encoder"));

        var error = Assert.Throws<ModelCardException>(() => ModelCard.Load(path));

        Assert.Equal("kind", error.Field);
    }
}
