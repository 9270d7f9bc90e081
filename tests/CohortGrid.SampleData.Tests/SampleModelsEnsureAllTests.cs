using CohortGrid.SampleData.Models;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SampleModelsEnsureAllTests
{
    [Fact]
    public void EnsureAll_writes_both_encoders_with_cards()
    {
        using var temp = new TempDirectory();

        var cards = SampleModels.EnsureAll(temp.Path);

        Assert.Equal([temp.File("tiny-cnn-encoder.card.json"), temp.File("resnet50-layer3-encoder.card.json")], cards);
        Assert.Equal(
            ["resnet50-layer3-encoder.card.json", "resnet50-layer3-encoder.onnx", "tiny-cnn-encoder.card.json", "tiny-cnn-encoder.onnx"],
            Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Second_EnsureAll_rewrites_nothing()
    {
        using var temp = new TempDirectory();
        SampleModels.EnsureAll(temp.Path);
        var written = Directory.GetFiles(temp.Path).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        // Make any rewrite visible even on file systems with coarse timestamps.
        foreach (var file in written.Keys)
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        SampleModels.EnsureAll(temp.Path);

        Assert.All(written.Keys, file => Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(file)));
        Assert.Equal(4, Directory.GetFiles(temp.Path).Length);
    }

    [Fact]
    public void Damaged_or_stale_files_are_rewritten_and_the_rest_kept()
    {
        using var temp = new TempDirectory();
        SampleModels.WriteTinyCnn(temp.Path);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var model = temp.File("tiny-cnn-encoder.onnx");
        var card = temp.File("tiny-cnn-encoder.card.json");
        var original = File.ReadAllBytes(model);
        var damaged = original.ToArray();
        damaged[^1] ^= 0xFF;
        File.WriteAllBytes(model, damaged);
        File.SetLastWriteTimeUtc(card, stamp);

        SampleModels.WriteTinyCnn(temp.Path);

        Assert.Equal(original, File.ReadAllBytes(model));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(card));

        // Another seed is other content: both files change.
        SampleModels.WriteTinyCnn(temp.Path, seed: 8);
        Assert.NotEqual(original, File.ReadAllBytes(model));
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(card));
        Assert.Equal(2, Directory.GetFiles(temp.Path).Length);
    }
}
