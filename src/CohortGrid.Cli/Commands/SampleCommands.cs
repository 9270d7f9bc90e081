using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;

namespace CohortGrid.Cli.Commands;

/// <summary><c>cohortgrid sample generate|models</c>: synthetic slides and generated encoders for demos, tests and benchmarks.</summary>
internal static class SampleCommands
{
    public static Command Create(CliConsole console)
    {
        var sample = new Command("sample", "Generate synthetic sample data.");
        sample.Subcommands.Add(Generate(console));
        sample.Subcommands.Add(GenerateModels(console));
        return sample;
    }

    private static Command GenerateModels(CliConsole console)
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write the models and their cards into.", Required = true };
        var command = new Command("models", "Write the generated encoders with their model cards: a tiny CNN (64-d, fast, for demos and tests) and a ResNet-50 trunk to layer3 with seeded random weights (1024-d, real FLOPs, for throughput benchmarks). Existing identical files are kept.")
        {
            output,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            foreach (var card in SampleModels.EnsureAll(parse.GetValue(output)!.FullName))
            {
                console.Out.WriteLine(card);
            }

            return 0;
        }));
        return command;
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
