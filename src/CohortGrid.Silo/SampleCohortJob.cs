using System.Diagnostics;
using System.Globalization;
using System.Text;
using CohortGrid.Contracts;
using CohortGrid.Grains;
using CohortGrid.Grains.Services;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Storage;
using Microsoft.Extensions.Options;

namespace CohortGrid.Silo;

/// <summary>
/// The main job of <c>./run.sh</c>: once the silo is up, generates the sample cohort (synthetic slides,
/// the generated encoder), submits it, shows progress in the terminal and says where the results are.
/// With <c>--once</c> the silo stops when the cohort finishes (exit code 0 when it completed).
/// </summary>
public sealed class SampleCohortJob(IGrainFactory grains, IOptions<CohortGridOptions> options, IConfiguration configuration, IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly CompositeFormat ProgressFormat = CompositeFormat.Parse("\r[{0}] {1}: {2}/{3} slides done, {4} failed, {5}/{6} tiles, {7:0} tiles/s   ");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStart(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"sample cohort: error: {ex.Message}").ConfigureAwait(false);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var data = Path.GetFullPath(settings.DataDirectory);
        var sample = SampleCohort.Generate(Path.Combine(data, "sample"), new SampleCohortOptions { IncludeBlankSlide = true }, stoppingToken);
        SampleModels.EnsureAll(settings.ModelsDirectory);
        var manifest = new CohortManifest
        {
            Name = "sample cohort",
            Slides = [.. sample.Slides.Select(s => new ManifestSlide(s.SlideId, s.PatientId, Path.Combine(sample.Directory, s.FileName)))],
        };
        ManifestCsv.Write(Path.Combine(sample.Directory, "manifest.csv"), manifest);

        var submission = new CohortSubmission(manifest, settings.DefaultEncoderId);
        var cohortId = submission.DefaultCohortId();
        var cohort = grains.GetGrain<ICohortGrain>(cohortId);
        var status = await cohort.Submit(submission).ConfigureAwait(false);
        Console.WriteLine($"Submitted {manifest.Slides.Count} slides as {cohortId} (encoder {settings.DefaultEncoderId}).");

        var watch = Stopwatch.StartNew();
        var startTiles = status.TilesDone;
        while (!status.IsFinished)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            status = await cohort.GetStatus().ConfigureAwait(false);
            var rate = (status.TilesDone - startTiles) / Math.Max(0.001, watch.Elapsed.TotalSeconds);
            Console.Write(string.Format(CultureInfo.InvariantCulture, ProgressFormat, cohortId, status.State, status.SlidesCompleted, status.SlidesTotal, status.SlidesFailed, status.TilesDone, status.TilesTotal, rate));
        }

        Console.WriteLine();
        foreach (var slide in status.Slides)
        {
            var outcome = slide.State == SlideState.Failed ? $"failed ({slide.ErrorReason}): {slide.ErrorMessage}" : slide.State.ToString();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {slide.SlideId,-12} {slide.TilesDone,6} tiles  {outcome}"));
        }

        Console.WriteLine($"Cohort {cohortId} {status.State} in {watch.Elapsed.TotalSeconds:0.0} s. Results: {ResultsLocation(settings, cohortId)}");
        if (configuration.GetValue("Sample:Once", false))
        {
            Environment.ExitCode = status.State == CohortState.Completed ? 0 : 1;
            lifetime.StopApplication();
        }
        else
        {
            var url = SiloHosting.Urls(configuration).Split(';')[0].TrimEnd('/');
            Console.WriteLine($"The cluster keeps running (Ctrl+C to stop). Dashboard: {url}/ (sign in with the API key), REST API: {url}/api, OpenAPI: {url}/openapi/v1.json.");
        }
    }

    private async Task<bool> WaitForStart(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Where a researcher finds the outputs: the folder on the local store, the container prefix on Azure.
    private static string ResultsLocation(CohortGridOptions settings, string cohortId)
    {
        var prefix = ResultStore.CohortPrefix(cohortId);
        return settings.Storage.Kind == StorageKind.Local
            ? Path.Combine(Path.GetFullPath(settings.Storage.LocalRoot ?? settings.DataDirectory), settings.Storage.ResultsContainer, prefix)
            : $"container '{settings.Storage.ResultsContainer}', prefix {prefix}";
    }
}
