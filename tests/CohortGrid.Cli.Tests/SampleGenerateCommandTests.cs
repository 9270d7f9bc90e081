using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class SampleGenerateCommandTests
{
    [Fact]
    public void Generate_writes_slides_and_a_list_then_reuses_them_and_survey_processes_them()
    {
        using var temp = new TempDirectory();

        var (code, output, _) = Cli.Run("sample", "generate", "--out", temp.Path, "--count", "2");
        var (again, secondOutput, _) = Cli.Run("sample", "generate", "--out", temp.Path, "--count", "2");
        var (surveyCode, survey, _) = Cli.Run("slide", "survey", temp.Path);

        Assert.Equal(0, code);
        Assert.Contains("3 slides (3 written, 0 reused)", output, StringComparison.Ordinal);
        Assert.Equal(0, again);
        Assert.Contains("3 slides (0 written, 3 reused)", secondOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("slides.csv")));
        Assert.Equal(0, surveyCode);
        Assert.Contains("3 slides, 3 processed, 0 failed", survey, StringComparison.Ordinal);
        Assert.Matches(@"slide-003\.tiff\s+generic-tiff.*no tissue", survey);
        Assert.Matches(@"slide-001\.tiff\s+generic-tiff\s+\d+x\d+\s+0\.5\s.*ok", survey);
    }
}
