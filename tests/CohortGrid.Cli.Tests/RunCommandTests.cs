using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public void Run_processes_a_manifest_of_local_slides_through_an_in_process_cluster_and_writes_results()
    {
        using var temp = new TempDirectory();
        Cli.Run("sample", "models", "--out", Path.Combine(temp.Path, "models"));
        Cli.Run("sample", "generate", "--out", Path.Combine(temp.Path, "slides"), "--count", "2");
        File.WriteAllText(temp.File("manifest.csv"), "slide_id,patient_id,path\ns1,p1,slides/slide-001.tiff\ns2,p2,slides/slide-002.tiff\nblank,p3,slides/slide-003.tiff\n");

        var (code, output, error) = Cli.Run("run", temp.File("manifest.csv"), "--model", Path.Combine(temp.Path, "models", "tiny-cnn-encoder.onnx"), "--out", Path.Combine(temp.Path, "data"));

        Assert.True(code == 0, error);
        Assert.Matches(@"s1\s+p1\s+Completed\s+\d+", output);
        Assert.Matches(@"blank\s+p3\s+Completed\s+0", output);
        Assert.Contains("Completed: 3 of 3 slides, 0 failed", output, StringComparison.Ordinal);
        var cohorts = Directory.GetDirectories(Path.Combine(temp.Path, "data", "results", "cohorts"));
        Assert.Single(cohorts);
        Assert.True(File.Exists(Path.Combine(cohorts[0], "slides", "s1", "features.h5")));
        Assert.True(File.Exists(Path.Combine(cohorts[0], "summary.json")));
    }

    [Fact]
    public void Run_with_a_manifest_missing_a_column_names_it_and_starts_nothing()
    {
        using var temp = new TempDirectory();
        Cli.Run("sample", "models", "--out", temp.Path);
        File.WriteAllText(temp.File("manifest.csv"), "slide_id,path\ns1,a.svs\n");

        var (code, _, error) = Cli.Run("run", temp.File("manifest.csv"), "--model", temp.File("tiny-cnn-encoder.onnx"), "--out", temp.File("data"));

        Assert.Equal(1, code);
        Assert.Contains("missing column 'patient_id'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("data")));
    }
}
