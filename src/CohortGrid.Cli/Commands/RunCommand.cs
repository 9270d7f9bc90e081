using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CohortGrid.Contracts;
using CohortGrid.Grains;
using CohortGrid.Inference;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid run</c>: runs a manifest of local slides through an in-process single-node cluster
/// (the same grains as the real cluster) and writes the same results.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "CSV with slide_id, patient_id, path (relative to the manifest) and optional mpp." };
        var model = new Option<FileInfo>("--model", "-m") { Description = "Tile encoder: its .onnx (with a .card.json beside it) or the card.", Required = true };
        var clinical = new Option<FileInfo?>("--clinical") { Description = "Optional CSV with patient_id, time, event and numeric covariates." };
        var expression = new Option<FileInfo?>("--expression") { Description = "Optional CSV with slide_id and one column of measured expression (TPM) per gene." };
        var expressionLog = new Option<bool>("--expression-log") { Description = "The --expression values are already log-scale (not TPM)." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Data folder for results (default: ./cohortgrid-data or $COHORTGRID_DATA)." };
        var concurrency = new Option<int>("--slides-in-parallel") { Description = "Slides processed at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("run", "Run a cohort manifest of local slides through an in-process cluster and write the results.")
        {
            manifest, model, clinical, expression, expressionLog, output, concurrency,
        };
        command.SetAction((parse, cancellationToken) => console.GuardAsync(parse, async () =>
        {
            var card = ModelCard.Load(parse.GetValue(model)!.FullName);
            var cohortManifest = ManifestCsv.Read(
                parse.GetValue(manifest)!.FullName,
                parse.GetValue(clinical)?.FullName,
                expressionPath: parse.GetValue(expression)?.FullName,
                expressionIsLogTransformed: parse.GetValue(expressionLog));
            var data = parse.GetValue(output)?.FullName ?? Environment.GetEnvironmentVariable("COHORTGRID_DATA") ?? Path.GetFullPath("cohortgrid-data");
            using var host = LocalCohortCluster.Build(o =>
            {
                o.DataDirectory = data;
                o.ModelsDirectory = Path.GetDirectoryName(card.CardPath)!;
                o.DefaultEncoderId = card.Id;
                o.MaxConcurrentSlides = Math.Max(1, parse.GetValue(concurrency));

                // A local run reads exactly the slides its manifest names, wherever the researcher keeps them.
                foreach (var folder in cohortManifest.Slides.Select(s => Path.GetDirectoryName(s.Location)).OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    o.AllowedRoots.Add(folder);
                }
            });
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var grains = host.Grains();
                var submission = new CohortSubmission(cohortManifest, card.Id);
                var cohortId = submission.DefaultCohortId();
                var cohort = grains.GetGrain<ICohortGrain>(cohortId);
                var status = await cohort.Submit(submission).ConfigureAwait(false);
                using var progress = console.Progress(cohortId, Math.Max(1, status.SlidesTotal));
                var watch = Stopwatch.StartNew();
                while (!status.IsFinished)
                {
                    await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                    status = await cohort.GetStatus().ConfigureAwait(false);
                    progress.Report(status.SlidesCompleted + status.SlidesFailed);
                }

                progress.Dispose();
                WriteReport(console, status, Path.Combine(data, "results", "cohorts", cohortId), watch.Elapsed);
                return status.State == CohortState.Completed ? 0 : CliConsole.Failure;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }));
        return command;
    }

    private static void WriteReport(CliConsole console, CohortStatus status, string directory, TimeSpan elapsed)
    {
        var table = new TextTable("slide", "patient", "state", "tiles", "reason");
        foreach (var slide in status.Slides)
        {
            table.Add(slide.SlideId, slide.PatientId, slide.State.ToString(), slide.TilesDone.ToString(CultureInfo.InvariantCulture), slide.ErrorReason is null ? "" : $"{slide.ErrorReason}: {slide.ErrorMessage}");
        }

        table.Write(console.Out);
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Cohort {status.CohortId} {status.State}: {status.SlidesCompleted} of {status.SlidesTotal} slides, {status.SlidesFailed} failed, {status.TilesDone} tiles in {elapsed.TotalSeconds:0.0} s. Results: {directory}"));
    }
}
