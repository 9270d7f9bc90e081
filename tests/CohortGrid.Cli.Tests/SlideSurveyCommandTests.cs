using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class SlideSurveyCommandTests
{
    [Fact]
    public void Survey_reports_each_slide_and_keeps_going_past_bad_ones()
    {
        var (code, output, _) = Cli.Run("slide", "survey", TestData.Slide("CMU-1-Small-Region.svs"), TestData.BadSlide("unreadable.svs"), TestData.Slide("aperio-16px.svs"));

        Assert.Equal(1, code);
        var lines = output.Split('\n');
        Assert.Matches(@"CMU-1-Small-Region\.svs\s+aperio\s+2220x2967\s+0\.499.*\bok$", lines.Single(l => l.StartsWith("CMU-1", StringComparison.Ordinal)).TrimEnd());
        Assert.Contains(lines, l => l.StartsWith("unreadable.svs", StringComparison.Ordinal) && l.Contains("failed (read-failed)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("aperio-16px.svs", StringComparison.Ordinal) && l.TrimEnd().EndsWith("no tissue", StringComparison.Ordinal));
        Assert.Contains("3 slides, 2 processed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Survey_of_an_empty_folder_is_a_clear_error()
    {
        using var temp = new TempDirectory();

        var (code, _, error) = Cli.Run("slide", "survey", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("No slide files found", error, StringComparison.Ordinal);
    }
}
