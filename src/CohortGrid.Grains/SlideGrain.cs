using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Grains.Services;
using CohortGrid.Inference;
using CohortGrid.Slides;
using CohortGrid.Storage.Formats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains;

/// <summary>
/// One slide of a cohort: plans it (metadata, tissue, grid), sends its tiles in batches to tile grains
/// on the GPU silos with a bounded window in flight, spools the embeddings to disk as they arrive and
/// writes the features file. <see cref="Start"/> returns at once; the outcome goes to the cohort grain.
/// Results are cached by (slide content hash, encoder id and version, grid), so a slide processed
/// before is not processed again.
/// </summary>
public sealed class SlideGrain(IOptions<CohortGridOptions> options, ModelRegistry models, SlideHandleCache slides, ResultStore results, ILogger<SlideGrain> logger) : Grain, ISlideGrain
{
    private const int MaxBatchAttempts = 4;

    private SlideWork? _work;
    private CancellationTokenSource? _cancel;
    private Task? _running;

    public Task Start(SlideWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_work is { } current && current.Attempt >= work.Attempt && _running is { IsCompleted: false })
        {
            return Task.CompletedTask; // this attempt (or a newer one) is already running here
        }

        _cancel?.Cancel();
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _work = work;
        _running = RunAsync(work, _cancel.Token);
        return Task.CompletedTask;
    }

    public Task Cancel()
    {
        _cancel?.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(SlideWork work, CancellationToken cancellationToken)
    {
        // Return from Start before any work: planning a slide takes longer than a call should.
        await Task.Yield();
        SlideOutcome outcome;
        try
        {
            outcome = await ProcessAsync(work, cancellationToken).ConfigureAwait(true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (SlideException ex)
        {
            outcome = Failure(ex.Reason, ex.Message);
        }
        catch (TileBatchException ex)
        {
            outcome = Failure(ex.Reason, ex.Message);
        }
        catch (NoGpuSiloException ex)
        {
            outcome = Failure(NoGpuSiloException.Reason, ex.Message);
        }
        catch (ModelCardException ex)
        {
            outcome = Failure("model-card", ex.Message);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or OrleansException or TimeoutException)
        {
            outcome = Failure("internal", $"{ex.GetType().Name}: {ex.Message}");
        }

        await GrainFactory.GetGrain<ICohortGrain>(work.CohortId).ReportOutcome(outcome with { SlideId = work.Slide.SlideId, Attempt = work.Attempt }).ConfigureAwait(true);
    }

    private static SlideOutcome Failure(string reason, string message) => new() { ErrorReason = reason, ErrorMessage = message };

    private async Task<SlideOutcome> ProcessAsync(SlideWork work, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;
        var slideKey = this.GetPrimaryKeyString();
        var card = models.Card(work.EncoderId);
        // The silo's shared handle: on a node that also runs this slide's tile grains, they reuse it.
        using var lease = slides.Open(work.Slide.Location);
        var slide = lease.Slide;
        // Tissue detection is CPU work; run it off the grain's scheduler.
        var plan = await Task.Run(() => SlidePlan.Create(slide, work.Slide.MppOverride, EncoderSettings.PlanOptions(card)), cancellationToken).ConfigureAwait(true);
        var cohort = GrainFactory.GetGrain<ICohortGrain>(work.CohortId);
        var tiles = plan.Grid.Tiles;
        cohort.ReportProgress(work.Slide.SlideId, work.Attempt, 0, tiles.Count).Ignore();

        var cacheDirectory = results.CacheDirectory(plan.Metadata.QuickHash, card.Id, card.Version, GridKey(plan, card));
        var slideDirectory = results.SlideDirectory(work.CohortId, work.Slide.SlideId);
        var featuresPath = Path.Combine(slideDirectory, "features.h5");
        var cached = results.ReadJson<SlideResult>(Path.Combine(cacheDirectory, "summary.json"));
        if (cached is not null && File.Exists(Path.Combine(cacheDirectory, "features.h5")))
        {
            ResultStore.CopyInto(Path.Combine(cacheDirectory, "features.h5"), featuresPath);
            var reused = cached with { SlideId = work.Slide.SlideId, PatientId = work.Slide.PatientId, FeaturesPath = results.Relative(featuresPath), Reused = true };
            results.WriteJson(Path.Combine(slideDirectory, "summary.json"), reused);
            GrainLog.SlideDone(logger, slideKey, reused.Tiles, 0, Stopwatch.GetElapsedTime(started).TotalSeconds, true);
            return new SlideOutcome { Result = reused };
        }

        var perBatch = Math.Max(1, settings.TilesPerBatch);
        var batches = (tiles.Count + perBatch - 1) / perBatch;
        using var spool = new FeatureSpool(results.TempFile(work.Slide.SlideId), batches, perBatch, card.EmbeddingDim);
        var done = 0;
        var dropped = 0;
        var inFlight = new List<Task>();
        for (var batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (inFlight.Count >= Math.Max(1, settings.BatchesInFlightPerSlide))
            {
                var finished = await Task.WhenAny(inFlight).ConfigureAwait(true);
                inFlight.Remove(finished);
                await finished.ConfigureAwait(true);
            }

            inFlight.Add(EmbedBatch(batch));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(true);

        var metadata = new TileFeatureMetadata
        {
            SlideId = work.Slide.SlideId,
            EncoderId = card.Id,
            EncoderVersion = card.Version,
            Mpp = card.TargetMpp!.Value,
            TileSize = card.InputSize!.Value,
            Level0Mpp = plan.Metadata.Mpp,
        };
        Directory.CreateDirectory(cacheDirectory);
        spool.WriteFeatures(Path.Combine(cacheDirectory, "features.h5"), metadata, cancellationToken);
        var result = new SlideResult
        {
            SlideId = work.Slide.SlideId,
            PatientId = work.Slide.PatientId,
            Tiles = spool.Rows,
            QcDropped = dropped,
            Dimension = card.EmbeddingDim,
            SlideVector = spool.SlideVector(),
            EncoderId = card.Id,
            EncoderVersion = card.Version,
            Level0Mpp = plan.Metadata.Mpp,
            QuickHash = plan.Metadata.QuickHash,
            TissueFraction = plan.Tissue.Mask.TissueFraction,
            Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3),
        };

        // The summary is written after the features: its presence means the cache entry is complete.
        results.WriteJson(Path.Combine(cacheDirectory, "summary.json"), result);
        ResultStore.CopyInto(Path.Combine(cacheDirectory, "features.h5"), featuresPath);
        result = result with { FeaturesPath = results.Relative(featuresPath) };
        results.WriteJson(Path.Combine(slideDirectory, "summary.json"), result);
        GrainLog.SlideDone(logger, slideKey, result.Tiles, batches, result.Seconds, false);
        return new SlideOutcome { Result = result };

        async Task EmbedBatch(int index)
        {
            var first = index * perBatch;
            var count = Math.Min(perBatch, tiles.Count - first);
            var coordinates = new long[count * 2];
            for (var i = 0; i < count; i++)
            {
                coordinates[2 * i] = tiles[first + i].X;
                coordinates[(2 * i) + 1] = tiles[first + i].Y;
            }

            var request = new TileBatchRequest
            {
                SlidePath = slide.Path,
                EncoderId = card.Id,
                Level = plan.Grid.Level,
                ReadWidth = plan.Grid.ReadWidth,
                ReadHeight = plan.Grid.ReadHeight,
                Coordinates = coordinates,
            };
            var answer = await CallTileGrain($"{slideKey}/{index}", request, index, cancellationToken).ConfigureAwait(true);
            var kept = new List<long>(count * 2);
            for (var i = 0; i < count; i++)
            {
                if (answer.Kept[i])
                {
                    kept.Add(coordinates[2 * i]);
                    kept.Add(coordinates[(2 * i) + 1]);
                }
            }

            spool.Add(index, answer.Embeddings, [.. kept]);
            done += count;
            dropped += count - (kept.Count / 2);
            DelayDeactivation(settings.StallTimeout * 2);
            cohort.ReportProgress(work.Slide.SlideId, work.Attempt, done, tiles.Count).Ignore();
        }
    }

    // A silo that leaves mid-batch (scale-in, crash) only costs a retry: placement picks another GPU silo.
    private async Task<TileBatchResult> CallTileGrain(string key, TileBatchRequest request, int index, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await GrainFactory.GetGrain<ITileGrain>(key).Embed(request).ConfigureAwait(true);
            }
            catch (OrleansException ex) when (ex.Message.Contains("No active nodes are compatible", StringComparison.Ordinal))
            {
                throw new NoGpuSiloException();
            }
            catch (Exception ex) when (attempt < MaxBatchAttempts && ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or OrleansException)
            {
                GrainLog.BatchRetried(logger, this.GetPrimaryKeyString(), index, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(true);
            }
        }
    }

    private static string GridKey(SlidePlan plan, ModelCard card)
    {
        var grid = plan.Grid.Options;
        var text = string.Create(CultureInfo.InvariantCulture, $"{card.TargetMpp:R}|{card.InputSize}|{grid.MinTissueFraction:R}|{plan.Grid.Level}|{plan.Grid.ReadWidth}x{plan.Grid.ReadHeight}|{plan.Metadata.MppX:R}|{plan.Metadata.MppY:R}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
