using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

public sealed class ModelFileTests
{
    [Fact]
    public void Truncated_model_file_fails_with_a_clear_error()
    {
        using var temp = new TempDirectory();
        var original = ModelCard.Load(Models.MobileNetCard).ModelPath;
        var truncated = temp.File("truncated.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(original)[..100_000]);
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("file", truncated)));

        var error = Assert.Throws<ModelLoadException>(() => OnnxModel.Load(card));

        Assert.Equal(truncated, error.ModelPath);
        Assert.Contains("100000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_pointing_at_a_missing_file_names_it()
    {
        using var temp = new TempDirectory();
        var card = ModelCard.Load(Models.CardWith(temp, Models.MobileNetCard, ("file", temp.File("gone.onnx"))));

        var error = Assert.Throws<ModelCardException>(() => OnnxModel.Load(card));

        Assert.Equal("file", error.Field);
        Assert.Contains("gone.onnx", error.Message, StringComparison.Ordinal);
    }
}
