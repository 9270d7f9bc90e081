using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CohortGrid.SampleData;

namespace CohortGrid.Cli.Commands;

/// <summary><c>cohortgrid sample generate</c>: synthetic pyramidal slides for demos and tests.</summary>
internal static class SampleCommands
{
    public static Command Create(CliConsole console)
    {
        var sample = new Command("sample", "Generate synthetic sample data.");
        sample.Subcommands.Add(Generate(console));
        return sample;
    }

    private static Command Generate(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write the slides and slides.csv into.", Required = true };
        var count = new Option<int>("--count") { Description = "Slides with tissue (one per patient).", DefaultValueFactory = _ => SampleCohortOptions.Default.SlideCount };
        var seed = new Option<int>("--seed") { Description = "Cohort seed; the same seed gives the same slides.", DefaultValueFactory = _ => SampleCohortOptions.Default.Seed };
        var noBlank = new Option<bool>("--no-blank") { Description = "Leave out the blank (glass only) slide." };
        var command = new Command("generate", "Write a cohort of synthetic pyramidal TIFF slides (0.5 µm/px, H&E-like, graded appearance). Existing identical slides are reused.")
        {
            output, count, seed, noBlank,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            var options = new SampleCohortOptions
            {
                SlideCount = parse.GetValue(count),
                Seed = parse.GetValue(seed),
                IncludeBlankSlide = !parse.GetValue(noBlank),
            };
            var watch = Stopwatch.StartNew();
            var result = SampleCohort.Generate(parse.GetValue(output)!.FullName, options);
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Sample cohort in {result.Directory}: {result.Slides.Count} slides ({result.Generated} written, {result.Reused} reused) in {watch.Elapsed.TotalSeconds:0.0} s; list in {result.ManifestPath}"));
            return 0;
        }));
        return command;
    }
}
