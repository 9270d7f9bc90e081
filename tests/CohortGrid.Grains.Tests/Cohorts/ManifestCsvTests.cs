using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

public sealed class ManifestCsvTests
{
    [Fact]
    public void A_written_manifest_reads_back_including_paths_with_commas_and_quotes()
    {
        using var temp = new TempDirectory();
        var manifest = new CohortManifest
        {
            Name = "m",
            Slides = [new ManifestSlide("s1", "p1", "/data/a,b.svs", 0.25), new ManifestSlide("s \"2\"", "p2", "/data/c.svs")],
        };

        ManifestCsv.Write(temp.File("m.csv"), manifest);
        var read = ManifestCsv.Read(temp.File("m.csv"));

        Assert.Equal(manifest.Slides, read.Slides);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_manifest_folder_and_every_problem_is_reported()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("ok.csv"), "slide_id,patient_id,path\ns1,p1,slides/a.svs\n");
        File.WriteAllText(temp.File("bad.csv"), "slide_id,path,mpp\ns1,a.svs,fast\n");

        Assert.Equal(Path.Combine(temp.Path, "slides", "a.svs"), ManifestCsv.Read(temp.File("ok.csv")).Slides[0].Location);
        var error = Assert.Throws<FormatException>(() => ManifestCsv.Read(temp.File("bad.csv")));
        Assert.Contains("missing column 'patient_id'", error.Message, StringComparison.Ordinal);
    }
}
