// Submits a cohort manifest to a CohortGrid server, follows it to the end, prints the headline figures and
// downloads every result file.
//   COHORTGRID_URL=http://127.0.0.1:5080 COHORTGRID_API_KEY=... \
//     dotnet run --project samples/CohortGrid.Client.Sample -- manifest.csv [clinical.csv] [output-folder]
using CohortGrid.Client;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: CohortGrid.Client.Sample <manifest.csv> [clinical.csv] [output-folder]");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

try
{
    // COHORTGRID_URL (default http://127.0.0.1:5080) and COHORTGRID_API_KEY; retries transient failures.
    using var client = CohortGridClient.FromEnvironment();
    var clinical = args.Length > 1 && args[1].Length > 0 ? args[1] : null;
    var output = args.Length > 2 ? args[2] : "cohort-results";

    var submitted = await client.SubmitCsvAsync(args[0], clinical, options: new CsvSubmissionOptions { Name = Path.GetFileNameWithoutExtension(args[0]) }, cancellationToken: cancel.Token);
    Console.WriteLine($"{(submitted.Created ? "Submitted" : "Already known:")} {submitted.Id} ({submitted.Status.SlidesTotal} slides)");

    // Polls with backoff and rides out a server restart; yields each change, the finished status last.
    var final = submitted.Status;
    await foreach (var status in client.WatchAsync(submitted.Id, cancellationToken: cancel.Token))
    {
        Console.WriteLine($"  {status.State}: {status.SlidesCompleted}/{status.SlidesTotal} slides, {status.TilesDone}/{status.TilesTotal} tiles, {status.Progress:P0}");
        final = status;
    }

    foreach (var slide in final.Slides.Where(s => s.State == SlideState.Failed))
    {
        Console.WriteLine($"  {slide.SlideId} failed: {slide.ErrorReason}: {slide.ErrorMessage}");
    }

    var results = await client.GetResultsAsync(submitted.Id, cancel.Token);
    if (results.Survival is { } survival)
    {
        Console.WriteLine($"Survival: C-index {survival.CIndex:0.000} over {survival.Patients} patients, {survival.Events} events; log-rank p {survival.LogRankP:0.####}");
    }

    var files = await client.DownloadAllAsync(results, output, cancel.Token);
    Console.WriteLine($"{final.State}: {files.Count} files in {Path.GetFullPath(output)}");
    return final.State == CohortState.Completed ? 0 : 1;
}
catch (CohortValidationException ex)
{
    Console.Error.WriteLine(ex.Problem.Detail);
    foreach (var problem in ex.Problems)
    {
        Console.Error.WriteLine($"  {CohortValidationException.Format(problem)}");
    }

    return 1;
}
catch (Exception ex) when (ex is CohortGridException or HttpRequestException or TimeoutException or ArgumentException or FormatException)
{
    // An API error, an unreachable server, or a missing key or bad URL in the environment.
    Console.Error.WriteLine(ex.Message);
    return 1;
}
