using CohortGrid.Slides;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SampleCohortTests
{
    private static readonly SampleCohortOptions Small = new()
    {
        SlideCount = 3,
        IncludeBlankSlide = true,
        Seed = 5,
        MinWidth = 640,
        MaxWidth = 800,
        MinHeight = 480,
        MaxHeight = 600,
    };

    [Fact]
    public void Cohort_folder_holds_the_slides_and_a_manifest_describing_them()
    {
        using var temp = new TempDirectory();

        var result = SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Generated);
        var lines = File.ReadAllLines(result.ManifestPath);
        Assert.Equal("slide_id,patient_id,file,mpp,width,height,grade,tissue_coverage,blank,seed,fingerprint,bytes", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("slide-001,patient-001,slide-001.tiff,0.5,", lines[1], StringComparison.Ordinal);
        foreach (var slide in result.Slides)
        {
            using var image = SlideImage.Open(Path.Combine(temp.Path, slide.FileName));
            Assert.Equal((slide.Spec.Width, slide.Spec.Height), ((int)image.Width, (int)image.Height));
        }

        // The blank slide comes last, has no grade, and is its own patient.
        var blank = lines[4].Split(',');
        Assert.Equal(("slide-004", "patient-004", string.Empty, "true"), (blank[0], blank[1], blank[6], blank[8]));
    }

    [Fact]
    public void Grades_spread_over_the_range_and_differ_between_slides()
    {
        var slides = SampleCohort.Plan(new SampleCohortOptions { SlideCount = 10 });

        var grades = slides.Select(s => s.Spec.Grade).ToArray();
        Assert.Equal(10, grades.Distinct().Count());
        Assert.Equal(10, slides.Select(s => s.Spec.Seed).Distinct().Count());
        // Stratified: one grade in each tenth of the range.
        Assert.Equal(Enumerable.Range(0, 10), grades.Select(g => Math.Min(9, (int)(g * 10))).Order());
    }

    [Fact]
    public void Same_options_plan_the_same_cohort() =>
        Assert.Equal(SampleCohort.Plan(Small), SampleCohort.Plan(Small with { }));

    [Fact]
    public void Second_generation_rewrites_nothing()
    {
        using var temp = new TempDirectory();
        var first = SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);
        var written = Directory.GetFiles(temp.Path).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);

        Assert.Equal((0, 4), (second.Generated, second.Reused));
        Assert.Equal(first.Slides, second.Slides);
        Assert.All(written, file => Assert.Equal(file.Value, File.GetLastWriteTimeUtc(file.Key)));
    }

    [Fact]
    public void Missing_or_damaged_slides_are_regenerated_and_the_rest_kept()
    {
        using var temp = new TempDirectory();
        SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);
        var kept = temp.File("slide-003.tiff");
        var keptTime = File.GetLastWriteTimeUtc(kept);
        File.Delete(temp.File("slide-001.tiff"));
        using (var damaged = File.OpenWrite(temp.File("slide-002.tiff")))
        {
            damaged.SetLength(100);
        }

        var result = SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);

        Assert.Equal((2, 2), (result.Generated, result.Reused));
        Assert.Equal(keptTime, File.GetLastWriteTimeUtc(kept));
        using var repaired = SlideImage.Open(temp.File("slide-002.tiff"));
        Assert.Equal("generic-tiff", repaired.Vendor);
    }

    [Fact]
    public void Changed_options_regenerate_the_slides_whose_spec_changed()
    {
        using var temp = new TempDirectory();
        SampleCohort.Generate(temp.Path, Small, TestContext.Current.CancellationToken);

        var result = SampleCohort.Generate(temp.Path, Small with { Seed = 6 }, TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Generated);
        Assert.Contains($",{result.Slides[0].Spec.Fingerprint()},", File.ReadAllText(result.ManifestPath), StringComparison.Ordinal);
    }
}
