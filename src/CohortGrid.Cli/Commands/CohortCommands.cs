using System.CommandLine;
using System.Text.Json;
using CohortGrid.Client;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid submit|status|watch|results|cancel|cohorts</c>: cohorts on a running cluster, through its REST API
/// (the client SDK), with <c>--url</c>/<c>--api-key</c> or <c>COHORTGRID_URL</c>/<c>COHORTGRID_API_KEY</c>.
/// </summary>
internal static class CohortCommands
{
    public static IEnumerable<Command> Create(CliConsole console) =>
        [Submit(console), Status(console), Watch(console), Results(console), Cancel(console), Cohorts(console)];

    private static Command Submit(CliConsole console)
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "CSV with slide_id, patient_id, path (absolute, under the server's allowed slide roots) and optional mpp." };
        var clinical = new Option<FileInfo?>("--clinical") { Description = "CSV with patient_id, time, event and numeric covariates." };
        var expression = new Option<FileInfo?>("--expression") { Description = "CSV with slide_id and one column of measured expression (TPM) per gene." };
        var expressionLog = new Option<bool>("--expression-log") { Description = "The --expression values are already log-scale (not TPM)." };
        var name = new Option<string?>("--name") { Description = "Cohort name (part of the content-derived id)." };
        var encoder = new Option<string?>("--encoder") { Description = "Tile encoder (model card id); default: the server's." };
        var cohortId = new Option<string?>("--cohort-id") { Description = "Use this cohort id instead of one derived from the content." };
        var wait = new Option<bool>("--wait") { Description = "Follow the cohort until it finishes; exit 0 only when it completed." };
        var command = new Command("submit", "Submit a cohort manifest (with optional clinical and expression tables) to a running cluster. Submitting the same cohort again returns the existing one.")
        {
            manifest, clinical, expression, expressionLog, name, encoder, cohortId, wait,
        };
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, async client =>
        {
            var options = new CsvSubmissionOptions
            {
                Name = parse.GetValue(name),
                EncoderId = parse.GetValue(encoder),
                CohortId = parse.GetValue(cohortId),
                ExpressionIsLogTransformed = parse.GetValue(expressionLog),
            };
            var submitted = await client.SubmitCsvAsync(parse.GetValue(manifest)!.FullName, parse.GetValue(clinical)?.FullName, parse.GetValue(expression)?.FullName, options, cancellationToken).ConfigureAwait(false);
            var status = submitted.Status;
            console.Out.WriteLine(submitted.Created
                ? $"Submitted cohort {status.Id}: {status.SlidesTotal} slides, encoder {status.EncoderId}."
                : $"Cohort {status.Id} exists already ({status.State}); nothing new was started.");
            return parse.GetValue(wait) ? await FollowAsync(console, client, status.Id, cancellationToken).ConfigureAwait(false) : 0;
        }));
        return command;
    }

    private static Command Status(CliConsole console)
    {
        var id = CohortId();
        var json = new Option<bool>("--json") { Description = "Write the status as JSON (the API's format)." };
        var command = new Command("status", "Show a cohort's state and every slide: state, tiles done/total and the reason of a failure.") { id, json };
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, async client =>
        {
            var status = await client.GetStatusAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(status, CohortGridJson.Indented));
            }
            else
            {
                CohortReport.WriteStatus(console.Out, status);
            }

            return 0;
        }));
        return command;
    }

    private static Command Watch(CliConsole console)
    {
        var id = CohortId();
        var command = new Command("watch", "Follow a cohort with a live progress line until it finishes; exit 0 when it completed, 1 otherwise. Rides out a server restart.") { id };
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, client =>
            FollowAsync(console, client, parse.GetValue(id)!, cancellationToken)));
        return command;
    }

    private static Command Results(CliConsole console)
    {
        var id = CohortId();
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder to download every result file into, keeping their relative paths; without it the files are only listed." };
        var command = new Command("results", "Print a cohort's survival and expression headline figures and download its result files.") { id, output };
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, async client =>
        {
            var results = await client.GetResultsAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            CohortReport.WriteHeadlines(console.Out, results);
            if (parse.GetValue(output) is not { } directory)
            {
                var table = new TextTable("file", "size");
                foreach (var file in results.Files)
                {
                    table.Add(file.Path, CohortReport.Size(file.Size));
                }

                table.Write(console.Out);
                console.Out.WriteLine("Pass --out DIR to download them.");
                return 0;
            }

            var written = await client.DownloadAllAsync(results, directory.FullName, cancellationToken).ConfigureAwait(false);
            var bytes = results.Files.Sum(f => f.Size);
            console.Out.WriteLine($"Downloaded {written.Count} files ({CohortReport.Size(bytes)}) to {directory.FullName}");
            return 0;
        }));
        return command;
    }

    private static Command Cancel(CliConsole console)
    {
        var id = CohortId();
        var command = new Command("cancel", "Cancel a cohort: no new slide starts; what is done is kept.") { id };
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, async client =>
        {
            var status = await client.CancelAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(CohortReport.Summary(status));
            return 0;
        }));
        return command;
    }

    private static Command Cohorts(CliConsole console)
    {
        var command = new Command("cohorts", "List every cohort on the cluster, newest first.");
        var server = ServerOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => server.RunAsync(parse, console, async client =>
        {
            var cohorts = await client.ListAsync(cancellationToken).ConfigureAwait(false);
            if (cohorts.Count == 0)
            {
                console.Out.WriteLine("No cohorts.");
            }
            else
            {
                CohortReport.WriteList(console.Out, cohorts);
            }

            return 0;
        }));
        return command;
    }

    private static Argument<string> CohortId() => new("id") { Description = "The cohort id (as submit or cohorts prints it)." };

    /// <summary>Follows a cohort to its end with a progress display; 0 when it completed, 1 otherwise.</summary>
    private static async Task<int> FollowAsync(CliConsole console, CohortGridClient client, string cohortId, CancellationToken cancellationToken)
    {
        CohortStatus final;
        using (var progress = new CohortProgress(console))
        {
            final = await client.WaitForCompletionAsync(cohortId, progress, cancellationToken).ConfigureAwait(false);
        }

        CohortReport.WriteOutcome(console.Out, final);
        return final.State == CohortState.Completed ? 0 : CliConsole.Failure;
    }
}
