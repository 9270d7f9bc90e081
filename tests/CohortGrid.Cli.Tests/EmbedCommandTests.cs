using System.Text.Json;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class EmbedCommandTests
{
    private static string MobileNetCard => Path.Combine(TestData.RepositoryRoot, "tests", "CohortGrid.Inference.Tests", "Assets", "mobilenetv2-features.card.json");

    [Fact]
    public void Embed_writes_an_h5_with_features_coords_slide_vector_and_encoder_attributes()
    {
        using var temp = new TempDirectory();
        var h5 = temp.File("cmu.h5");

        var (code, output, error) = Cli.Run("embed", TestData.Slide("CMU-1-Small-Region.svs"), "--model", MobileNetCard, "--out", h5);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(@"Tiles\s+\d+ embedded, \d+ dropped by QC, of 117 grid positions", output);
        var file = TileFeatureFile.Read(h5, TestContext.Current.CancellationToken);
        Assert.Equal(1280, file.Header.Dimension);
        Assert.True(file.Header.Count > 40);
        Assert.Equal("mobilenetv2-features", file.Header.Metadata.EncoderId);
        Assert.Equal("CMU-1-Small-Region", file.Header.Metadata.SlideId);
        Assert.Equal(0.499, file.Header.Metadata.Level0Mpp, 6);
        Assert.Equal(224, file.Header.Metadata.TileSize);
        Assert.True(file.Tiles.HasSlideVector);
        Assert.Equal(file.Header.Count * 2, file.Tiles.Coords.Length);
    }

    [Fact]
    public void Embed_json_reports_tiles_dimension_provider_and_speed_and_writes_npy()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, Cli.Run("sample", "models", "--out", temp.Path).ExitCode);

        var (code, output, _) = Cli.Run("embed", TestData.Slide("CMU-1-Small-Region.svs"), "--model", temp.File("tiny-cnn-encoder.onnx"), "--json", "--out", temp.File("cmu.npy"), "--provider", "cuda");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(64, root.GetProperty("dimension").GetInt32());
        Assert.Equal("CPU", root.GetProperty("provider").GetString());
        Assert.Contains("CUDA", root.GetProperty("providerReason").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("tilesPerSecond").GetDouble() > 0);
        var features = NpyFile.Read<float>(temp.File("cmu.npy"));
        Assert.Equal([root.GetProperty("tiles").GetInt32(), 64], features.Shape);
        Assert.True(File.Exists(temp.File("cmu.coords.npy")));
        Assert.True(File.Exists(temp.File("cmu.slide_vector.npy")));
    }

    [Fact]
    public void Embed_with_fp16_stores_half_precision_features()
    {
        using var temp = new TempDirectory();
        Cli.Run("sample", "models", "--out", temp.Path);

        var (code, _, _) = Cli.Run("embed", TestData.Slide("CMU-1-Small-Region.svs"), "--model", temp.File("tiny-cnn-encoder.card.json"), "--fp16", "--out", temp.File("f.h5"));

        Assert.Equal(0, code);
        Assert.Equal(FeaturePrecision.Float16, TileFeatureFile.ReadHeader(temp.File("f.h5")).Precision);
    }

    [Fact]
    public void Embed_without_a_model_card_fails_with_one_line_saying_a_card_is_needed()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("bare.onnx"), [1, 2, 3]);

        var (code, _, error) = Cli.Run("embed", TestData.Slide("CMU-1-Small-Region.svs"), "--model", temp.File("bare.onnx"));

        Assert.Equal(1, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("bare.card.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_with_an_unknown_output_format_is_refused_before_any_work()
    {
        var (code, _, error) = Cli.Run("embed", TestData.Slide("CMU-1-Small-Region.svs"), "--model", MobileNetCard, "--out", "/tmp/features.csv");

        Assert.Equal(1, code);
        Assert.Contains("--out must end in .h5 or .npy", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_of_a_slide_without_mpp_asks_for_an_override()
    {
        var (code, _, error) = Cli.Run("embed", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"), "--model", MobileNetCard);

        Assert.Equal(1, code);
        Assert.Contains("--mpp-override", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_a_folder_writes_one_h5_per_slide_and_reports_bad_slides_in_their_row()
    {
        using var temp = new TempDirectory();
        Cli.Run("sample", "models", "--out", temp.Path);
        var slides = Path.Combine(temp.Path, "slides");
        Cli.Run("sample", "generate", "--out", slides, "--count", "1");
        File.Copy(TestData.BadSlide("not-a-slide.svs"), Path.Combine(slides, "broken.svs"));

        var (code, output, _) = Cli.Run("embed", slides, "--model", temp.File("tiny-cnn-encoder.onnx"), "--out", temp.File("features"));

        Assert.Equal(1, code);
        Assert.Matches(@"slide-001\.tiff\s+\d+\s+\d+\s+\d+\s+slide-001\.h5\s+ok", output);
        Assert.Matches(@"slide-002\.tiff\s+0\s+0\s+0\s+slide-002\.h5\s+no tiles", output);
        Assert.Contains("failed (format-not-recognized", output, StringComparison.Ordinal);
        Assert.Contains("3 slides, 2 embedded, 1 failed", output, StringComparison.Ordinal);
        Assert.Equal(0, TileFeatureFile.ReadHeader(temp.File(Path.Combine("features", "slide-002.h5"))).Count);
    }
}
