using CohortGrid.Slides;
using CohortGrid.Slides.Tissue;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SyntheticSlideGradeTests
{
    [Fact]
    public void Higher_grade_gives_more_haematoxylin_and_more_nuclear_area_in_tissue()
    {
        using var temp = new TempDirectory();
        var stats = new[] { 0.1, 0.5, 0.9 }.Select(grade => Measure(temp, grade)).ToArray();

        // Red-channel optical density: eosin hardly absorbs red, haematoxylin does, so it tracks haematoxylin.
        Assert.True(stats[0].RedDensity < stats[1].RedDensity && stats[1].RedDensity < stats[2].RedDensity, Describe(stats));
        Assert.True(stats[0].NuclearFraction < stats[1].NuclearFraction && stats[1].NuclearFraction < stats[2].NuclearFraction, Describe(stats));
        // Measurable, not marginal: the extremes differ by far more than slide-to-slide noise.
        Assert.True(stats[2].RedDensity > stats[0].RedDensity * 1.5, Describe(stats));
        Assert.True(stats[2].NuclearFraction > stats[0].NuclearFraction * 2, Describe(stats));
    }

    [Fact]
    public void Grade_changes_appearance_but_not_where_the_tissue_is()
    {
        var low = SyntheticSlideGenerator.Render(new SyntheticSlideSpec { Width = 800, Height = 600, Seed = 9, Grade = 0.1 });
        var high = SyntheticSlideGenerator.Render(new SyntheticSlideSpec { Width = 800, Height = 600, Seed = 9, Grade = 0.9 });

        // Lumens and nuclei differ with grade, so compare overlap rather than demand equality.
        var lowTissue = TissueSegmenter.Saturation(low);
        var highTissue = TissueSegmenter.Saturation(high);
        long both = 0, either = 0;
        for (var i = 0; i < lowTissue.Length; i++)
        {
            both += lowTissue[i] > 25 && highTissue[i] > 25 ? 1 : 0;
            either += lowTissue[i] > 25 || highTissue[i] > 25 ? 1 : 0;
        }

        Assert.InRange((double)both / either, 0.9, 1.0);
    }

    private static (double RedDensity, double NuclearFraction) Measure(TempDirectory temp, double grade)
    {
        var spec = new SyntheticSlideSpec { Width = 1536, Height = 1024, Seed = 77, Grade = grade };
        var path = temp.File($"grade-{grade}.tiff");
        SyntheticSlideGenerator.Write(spec, path, TestContext.Current.CancellationToken);
        using var slide = SlideImage.Open(path);
        var pixels = slide.ReadLevel(0).ToRgb().Data;

        double density = 0;
        long tissue = 0, nuclear = 0;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            int r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            if (max == 0 || (max - min) * 255 / max <= 25)
            {
                continue; // glass or lumen
            }

            tissue++;
            density += Math.Log10(242.0 / Math.Max(r, 1));
            // Nuclei are dark and blue-purple; stroma is light and pink (red above blue).
            nuclear += r < 150 && b > r ? 1 : 0;
        }

        return (density / tissue, (double)nuclear / tissue);
    }

    private static string Describe((double RedDensity, double NuclearFraction)[] stats) =>
        string.Join("; ", stats.Select(s => $"red OD {s.RedDensity:F3}, nuclear {s.NuclearFraction:P1}"));
}
