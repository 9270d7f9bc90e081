using System.Globalization;

namespace CohortGrid.SampleData;

/// <summary>
/// Generates a folder of synthetic slides (slide-001.tiff, ...) with varied grades, sizes and seeds,
/// and a slides.csv describing them. Idempotent: a slide whose file is present with the fingerprint
/// and size slides.csv recorded for it is left alone, so rerunning a demo costs nothing.
/// </summary>
public static class SampleCohort
{
    public const string ManifestFileName = "slides.csv";

    /// <summary>The slides a cohort consists of, without writing anything. Same options, same plan.</summary>
    public static IReadOnlyList<SampleSlide> Plan(SampleCohortOptions? options = null)
    {
        options ??= SampleCohortOptions.Default;
        options.Validate();
        var random = new Random(options.Seed);
        var count = options.SlideCount + (options.IncludeBlankSlide ? 1 : 0);
        var digits = Math.Max(3, count.ToString(CultureInfo.InvariantCulture).Length);

        // Stratified grades, shuffled: the cohort spans the whole range evenly, but slide order says nothing about grade.
        var grades = new double[options.SlideCount];
        for (var i = 0; i < grades.Length; i++)
        {
            grades[i] = Math.Round((i + random.NextDouble()) / grades.Length, 3);
        }

        random.Shuffle(grades);
        var slides = new List<SampleSlide>(count);
        for (var i = 0; i < count; i++)
        {
            var blank = i == options.SlideCount;
            var spec = new SyntheticSlideSpec
            {
                Width = random.Next(options.MinWidth, options.MaxWidth + 1),
                Height = random.Next(options.MinHeight, options.MaxHeight + 1),
                Mpp = options.Mpp,
                Seed = random.Next(),
                TissueCoverage = blank ? 0 : Math.Round(options.MinTissueCoverage + (random.NextDouble() * (options.MaxTissueCoverage - options.MinTissueCoverage)), 2),
                Grade = blank ? 0 : grades[i],
                Blank = blank,
                TileSize = options.TileSize,
            };
            var number = (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
            slides.Add(new SampleSlide($"slide-{number}", $"patient-{number}", $"slide-{number}.tiff", spec));
        }

        return slides;
    }

    /// <summary>
    /// Makes sure <paramref name="directory"/> holds the cohort: writes the slides that are missing or
    /// stale, then slides.csv (only when its content changes). Files of other names are left alone.
    /// </summary>
    public static SampleCohortResult Generate(string directory, SampleCohortOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var slides = Plan(options);
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);
        var manifestPath = Path.Combine(folder, ManifestFileName);
        var recorded = SampleCohortManifest.ReadRecorded(manifestPath);

        var rows = new List<(SampleSlide, long)>(slides.Count);
        int generated = 0, reused = 0;
        foreach (var slide in slides)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, slide.FileName);
            var file = new FileInfo(path);
            if (file.Exists && recorded.TryGetValue(slide.FileName, out var previous) &&
                previous.Fingerprint == slide.Spec.Fingerprint() && previous.Bytes == file.Length)
            {
                rows.Add((slide, file.Length));
                reused++;
                continue;
            }

            var result = SyntheticSlideGenerator.Write(slide.Spec, path, cancellationToken);
            rows.Add((slide, result.Bytes));
            generated++;
        }

        WriteIfChanged(manifestPath, SampleCohortManifest.Format(rows));
        return new SampleCohortResult(folder, manifestPath, slides, generated, reused);
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        // Written aside and renamed, so a reader never sees half a manifest.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
