using CohortGrid.Contracts;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>
/// Small synthetic slides and the generated tiny CNN encoder, made once per test run: enough tiles per
/// slide for several batches, small enough that a cohort runs in seconds.
/// </summary>
internal static class CohortTestData
{
    private static readonly Lazy<(string Root, string[] Slides, string Blank)> Data = new(Create);

    public static string Root => Data.Value.Root;

    public static string ModelsDirectory => Path.Combine(Root, "models");

    public static IReadOnlyList<string> Slides => Data.Value.Slides;

    public static string BlankSlide => Data.Value.Blank;

    public const string EncoderId = "tiny-cnn-encoder";

    /// <summary>A manifest of the first <paramref name="count"/> synthetic slides, one patient each.</summary>
    public static CohortManifest Manifest(int count, string name = "test cohort") => new()
    {
        Name = name,
        Slides = [.. Slides.Take(count).Select((path, i) => new ManifestSlide($"s{i + 1:00}", $"p{i + 1:00}", path))],
    };

    private static (string, string[], string) Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"cohortgrid-cohort-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        SampleModels.WriteTinyCnn(Path.Combine(root, "models"));
        var slides = Enumerable.Range(0, 8).Select(i =>
        {
            var path = Path.Combine(root, "slides", $"slide-{i + 1:00}.tiff");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 2400, Height = 1800, Seed = 100 + i, Grade = i / 8.0, TissueCoverage = 0.4 }, path);
            return path;
        }).ToArray();
        var blank = Path.Combine(root, "slides", "blank.tiff");
        SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 2000, Height = 1500, Blank = true, Seed = 7 }, blank);
        return (root, slides, blank);
    }
}
