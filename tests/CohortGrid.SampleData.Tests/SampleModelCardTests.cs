using System.Text.Json;
using CohortGrid.SampleData.Models;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SampleModelCardTests
{
    [Theory]
    [InlineData(SampleModels.TinyCnnId, 64)]
    [InlineData(SampleModels.ResNet50Layer3Id, 1024)]
    public void Encoder_card_describes_the_model_and_its_preprocessing(string id, int embeddingDim)
    {
        using var temp = new TempDirectory();

        var cardPath = TestModels.WriteEncoder(id, temp.Path);

        Assert.Equal(temp.File($"{id}.card.json"), cardPath);
        using var card = JsonDocument.Parse(File.ReadAllText(cardPath));
        var root = card.RootElement;
        Assert.Equal(
            ["id", "version", "kind", "format", "file", "input", "inputSize", "targetMpp", "mean", "std", "output", "embeddingDim", "description"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((id, "1.0", "tile-encoder", "onnx", $"{id}.onnx"), (Text(root, "id"), Text(root, "version"), Text(root, "kind"), Text(root, "format"), Text(root, "file")));
        Assert.Equal(("input", 224, 0.5, "features", embeddingDim), (Text(root, "input"), root.GetProperty("inputSize").GetInt32(), root.GetProperty("targetMpp").GetDouble(), Text(root, "output"), root.GetProperty("embeddingDim").GetInt32()));
        Assert.Equal([0.485, 0.456, 0.406], root.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.229, 0.224, 0.225], root.GetProperty("std").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("seed 7", Text(root, "description"), StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File($"{id}.onnx")));
    }

    [Fact]
    public void Head_card_names_its_outputs_and_input_dimension_but_no_preprocessing()
    {
        using var temp = new TempDirectory();

        var cardPath = SampleModels.WriteLinearHeadOnnx(temp.Path, inputDim: 1024, ["risk", "grade"], id: "cox-head");

        using var card = JsonDocument.Parse(File.ReadAllText(cardPath));
        var root = card.RootElement;
        Assert.Equal(
            ["id", "version", "kind", "format", "file", "input", "inputDim", "output", "embeddingDim", "outputNames", "description"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("cox-head", "slide-head", "onnx", "cox-head.onnx", "embedding", "scores"), (Text(root, "id"), Text(root, "kind"), Text(root, "format"), Text(root, "file"), Text(root, "input"), Text(root, "output")));
        Assert.Equal((1024, 2), (root.GetProperty("inputDim").GetInt32(), root.GetProperty("embeddingDim").GetInt32()));
        Assert.Equal(["risk", "grade"], root.GetProperty("outputNames").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Fixed_batch_card_is_a_three_dimensional_tile_encoder()
    {
        using var temp = new TempDirectory();

        var cardPath = SampleModels.WriteFixedBatchModel(temp.Path, batch: 4);

        using var card = JsonDocument.Parse(File.ReadAllText(cardPath));
        Assert.Equal(("fixed-batch-encoder", "tile-encoder", 3, 224), (Text(card.RootElement, "id"), Text(card.RootElement, "kind"), card.RootElement.GetProperty("embeddingDim").GetInt32(), card.RootElement.GetProperty("inputSize").GetInt32()));
    }

    [Fact]
    public void Card_is_indented_camel_case_json_ending_in_a_newline()
    {
        using var temp = new TempDirectory();

        var text = File.ReadAllText(SampleModels.WriteTinyCnn(temp.Path));

        Assert.StartsWith("{\n  \"id\": \"tiny-cnn-encoder\",\n  \"version\": \"1.0\",", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
