using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Grains.Placement;
using CohortGrid.Grains.Services;
using CohortGrid.Inference;
using CohortGrid.Slides;
using CohortGrid.Slides.Imaging;
using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Formats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains;

/// <summary>
/// One slide of a cohort: plans it (metadata, tissue, grid), sends its tiles in batches to tile grains
/// on the GPU silos with a bounded window in flight, spools the embeddings to disk as they arrive and
/// writes the features file, thumbnail and tissue mask to the results store. <see cref="Start"/> returns at once; the outcome goes to the cohort grain.
/// Results are cached by (slide content hash, encoder id and version, grid), so a slide processed
/// before is not processed again. Lives on a CPU silo when the cluster has one: a GPU silo that stops or dies only
/// costs the tile batches it had, which are sent again (<see cref="CallTileGrain"/>), never the slide.
/// </summary>
[CpuSiloPlacementFilter]
public sealed class SlideGrain(IOptions<CohortGridOptions> options, ModelRegistry models, SlideSources sources, SlideHandleCache slides, ResultStore results, ILogger<SlideGrain> logger) : Grain, ISlideGrain
{
    /// <summary>Outcome reason of a slide that failed because storage was unreachable; the cohort retries it.</summary>
    public const string StorageUnavailableReason = "storage-unavailable";

    /// <summary>
    /// Outcome reason of a slide whose grain was deactivated mid-work (its silo stopping), or whose batch GPU silos kept
    /// refusing as stopping until <see cref="CohortGridOptions.BatchRetryTimeout"/>; the cohort starts it again at once.
    /// </summary>
    public const string InterruptedReason = "interrupted";

    private const string FeaturesFile = "features.h5";
    private const string SummaryFile = "summary.json";

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

    /// <summary>
    /// A slide grain deactivated while it works (its silo stopping, where the slide had to live on a silo that is
    /// scaled in) stops and tells the cohort at once, which starts the slide again instead of waiting for the stall timeout.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_work is not { } work || _running is not { IsCompleted: false } || _cancel is not { IsCancellationRequested: false } cancel)
        {
            return;
        }

        await cancel.CancelAsync().ConfigureAwait(true);
        GrainLog.SlideInterrupted(logger, this.GetPrimaryKeyString(), reason.ReasonCode.ToString());
        try
        {
            await GrainFactory.GetGrain<ICohortGrain>(work.CohortId)
                .ReportOutcome(Failure(InterruptedReason, $"The slide's grain was deactivated while it worked ({reason.Description})") with { SlideId = work.Slide.SlideId, Attempt = work.Attempt })
                .WaitAsync(TimeSpan.FromSeconds(10), cancellationToken)
                .ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException)
        {
            // The cohort's stall detection restarts the slide instead.
        }
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
        catch (TileBatchException ex) when (ex.Reason == TileBatchException.SiloStoppingReason)
        {
            // GPU silos kept stopping under the batch past BatchRetryTimeout: not the slide's fault, so the cohort starts it again.
            outcome = Failure(InterruptedReason, ex.Message);
        }
        catch (TileBatchException ex)
        {
            outcome = Failure(ex.Reason, ex.Message);
        }
        catch (BlobStoreException ex) when (ex.IsTransient)
        {
            // Storage stayed down past the retries: not the slide's fault, so the cohort tries it again.
            outcome = Failure(StorageUnavailableReason, ex.Message);
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
        var source = await sources.ResolveAsync(work.Slide.Location, null, cancellationToken).ConfigureAwait(true);

        // The silo's shared handle: on a node that also runs this slide's tile grains, they reuse it.
        using var lease = slides.Open(source.LocalPath);
        var slide = lease.Slide;
        // Tissue detection is CPU work; run it off the grain's scheduler.
        var plan = await Task.Run(() => SlidePlan.Create(slide, work.Slide.MppOverride, EncoderSettings.PlanOptions(card)), cancellationToken).ConfigureAwait(true);
        var cohort = GrainFactory.GetGrain<ICohortGrain>(work.CohortId);
        var tiles = plan.Grid.Tiles;
        cohort.ReportProgress(work.Slide.SlideId, work.Attempt, 0, tiles.Count).Ignore();

        var cachePrefix = ResultStore.CachePrefix(plan.Metadata.QuickHash, card.Id, card.Version, GridKey(plan, card));
        var slidePrefix = ResultStore.SlidePrefix(work.CohortId, work.Slide.SlideId);
        var featuresName = slidePrefix + FeaturesFile;
        await WritePicturesAsync(plan, slidePrefix, cancellationToken).ConfigureAwait(true);

        // The cache entry's summary is written last, so its presence means its features are complete.
        var cached = await results.ReadJsonAsync<SlideResult>(cachePrefix + SummaryFile, cancellationToken).ConfigureAwait(true);
        if (cached is not null && await results.ExistsAsync(cachePrefix + FeaturesFile, cancellationToken).ConfigureAwait(true))
        {
            await results.CopyAsync(cachePrefix + FeaturesFile, featuresName, cancellationToken).ConfigureAwait(true);
            var reused = cached with { SlideId = work.Slide.SlideId, PatientId = work.Slide.PatientId, FeaturesPath = featuresName, Reused = true };
            await results.WriteJsonAsync(slidePrefix + SummaryFile, reused, cancellationToken).ConfigureAwait(true);
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
            ThumbnailScaleX = plan.Tissue.Mask.ScaleX,
            ThumbnailScaleY = plan.Tissue.Mask.ScaleY,
            Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3),
            FeaturesPath = featuresName,
        };

        // Written locally, then committed to the store whole: a reader never sees a partial file.
        var localFeatures = results.TempFile($"{work.Slide.SlideId}-features");
        try
        {
            spool.WriteFeatures(localFeatures, metadata, cancellationToken);
            await results.UploadFileAsync(featuresName, localFeatures, cancellationToken).ConfigureAwait(true);
        }
        finally
        {
            File.Delete(localFeatures);
        }

        await results.WriteJsonAsync(slidePrefix + SummaryFile, result, cancellationToken).ConfigureAwait(true);
        await results.CopyAsync(featuresName, cachePrefix + FeaturesFile, cancellationToken).ConfigureAwait(true);
        await results.WriteJsonAsync(cachePrefix + SummaryFile, result with { FeaturesPath = cachePrefix + FeaturesFile }, cancellationToken).ConfigureAwait(true);
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
                SlideLocation = work.Slide.Location,
                SlideVersion = source.Version,
                EncoderId = card.Id,
                Level = plan.Grid.Level,
                ReadWidth = plan.Grid.ReadWidth,
                ReadHeight = plan.Grid.ReadHeight,
                Coordinates = coordinates,
            };
            var answer = await CallTileGrain($"{slideKey}/{index}", request, index, Heartbeat, cancellationToken).ConfigureAwait(true);
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
            Heartbeat();
        }

        // After each batch, and while one waits for another GPU silo, the slide is alive: tell the cohort, so it does not restart it as stalled.
        void Heartbeat()
        {
            DelayDeactivation(settings.StallTimeout * 2);
            cohort.ReportProgress(work.Slide.SlideId, work.Attempt, done, tiles.Count).Ignore();
        }
    }

    /// <summary>
    /// Sends one batch to its tile grain. A GPU silo that dies mid-batch or is unreachable only costs a retry of this
    /// batch, not the slide: the call fails (at once when the connection is refused, or with
    /// <see cref="SiloUnavailableException"/> once membership declares the silo dead) and is sent again, with backoff,
    /// until <see cref="CohortGridOptions.BatchRetryTimeout"/>; once the silo is out of the membership, placement (active
    /// silos only) puts the batch on another GPU silo. A stopping silo finishes the batches it runs and refuses new ones
    /// without embedding them (<see cref="TileBatchException.SiloStoppingReason"/>), which are sent again the same way, so a
    /// graceful scale-in embeds no batch twice; one still refused when the time is up fails the slide as
    /// <see cref="InterruptedReason"/>. <paramref name="heartbeat"/> runs before each retry.
    /// </summary>
    private async Task<TileBatchResult> CallTileGrain(string key, TileBatchRequest request, int index, Action heartbeat, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var budget = options.Value.BatchRetryTimeout;
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
            catch (Exception ex) when ((ex is OrleansException or TimeoutException or TileBatchException { Reason: TileBatchException.SiloStoppingReason }) && Stopwatch.GetElapsedTime(started) < budget)
            {
                // OrleansException covers SiloUnavailableException, OrleansMessageRejectionException and connection failures.
                GrainLog.BatchRetried(logger, this.GetPrimaryKeyString(), index, attempt, $"{ex.GetType().Name}: {ex.Message}");
                heartbeat();
                await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(true);
            }
        }
    }

    /// <summary>0.2 s, 0.4 s, 0.8 s, 1.6 s, then 2 s between attempts.</summary>
    internal static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 200 * Math.Pow(2, Math.Clamp(attempt - 1, 0, 10))));

    /// <summary>The thumbnail and the tissue mask at the same low resolution, for viewers and QC.</summary>
    private async Task WritePicturesAsync(SlidePlan plan, string slidePrefix, CancellationToken cancellationToken)
    {
        await results.WriteAsync(slidePrefix + "thumbnail.png", Png(plan.Tissue.Image), cancellationToken).ConfigureAwait(true);
        var mask = plan.Tissue.Mask;
        var picture = new RgbImage(mask.Width, mask.Height);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            var value = mask.Data[i] == 0 ? (byte)0 : (byte)255;
            picture.Data[3 * i] = value;
            picture.Data[(3 * i) + 1] = value;
            picture.Data[(3 * i) + 2] = value;
        }

        await results.WriteAsync(slidePrefix + "mask.png", Png(picture), cancellationToken).ConfigureAwait(true);

        static byte[] Png(RgbImage image)
        {
            using var buffer = new MemoryStream();
            PngEncoder.Write(image, buffer);
            return buffer.ToArray();
        }
    }

    private static string GridKey(SlidePlan plan, ModelCard card)
    {
        var grid = plan.Grid.Options;
        var text = string.Create(CultureInfo.InvariantCulture, $"{card.TargetMpp:R}|{card.InputSize}|{grid.MinTissueFraction:R}|{plan.Grid.Level}|{plan.Grid.ReadWidth}x{plan.Grid.ReadHeight}|{plan.Metadata.MppX:R}|{plan.Metadata.MppY:R}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
