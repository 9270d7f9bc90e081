using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Grains.Placement;
using CohortGrid.Grains.Services;
using CohortGrid.Inference;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;
using Orleans.Placement;

namespace CohortGrid.Grains;

/// <summary>
/// One batch of a slide's tiles: reads and preprocesses them on this GPU silo and embeds them through
/// the silo's shared batcher. Placed only on GPU silos, all batches of a slide on the same one (its
/// handle and decoded-tile cache are reused). Stateless and used once; idle activations are collected
/// after two minutes, which also lets operators see where batches ran. Each batch is counted in the silo's
/// <see cref="SiloWorkMeter"/> (in flight while it runs, its kept tiles once embedded).
/// </summary>
[GpuSiloPlacementFilter]
[SlideAffinityPlacement]
[Immovable]
[CollectionAgeLimit(Minutes = 2)]
public sealed class TileGrain(ModelRegistry models, SlideSources sources, SlideHandleCache slides, TilePreparationGate preparation, SiloWorkMeter work, ILocalSiloDetails silo) : Grain, ITileGrain
{
    public async Task<TileBatchResult> Embed(TileBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!work.TryStartBatch())
        {
            // This silo is stopping (TileWorkDrain closed the meter): the batch is not embedded here. Leave at once so the
            // slide grain's next call is placed anew, on an active GPU silo.
            this.DeactivateOnIdle();
            throw new TileBatchException(TileBatchException.SiloStoppingReason, $"Silo {silo.SiloAddress} is stopping; the batch goes to another GPU silo.");
        }

        try
        {
            return await EmbedCore(request).ConfigureAwait(true);
        }
        catch (SlideException ex)
        {
            throw new TileBatchException(ex.Reason, ex.Message);
        }
        catch (InferenceException ex)
        {
            throw new TileBatchException("model-failed", ex.Message);
        }
        catch (ModelCardException ex)
        {
            throw new TileBatchException("model-card", ex.Message);
        }
        finally
        {
            work.BatchFinished();
        }
    }

    private async Task<TileBatchResult> EmbedCore(TileBatchRequest request)
    {
        var batcher = models.Get(request.EncoderId);
        var card = batcher.Model.Card;
        // A blob slide is fetched into this silo's cache once (the version the slide grain planned from), then shared.
        var source = await sources.ResolveAsync(request.SlideLocation, request.SlideVersion).ConfigureAwait(true);
        using var lease = slides.Open(source.LocalPath);
        var slide = lease.Slide;
        var tiles = new TileSpec[request.Count];
        for (var i = 0; i < tiles.Length; i++)
        {
            tiles[i] = new TileSpec(i, 0, 0, request.Coordinates[2 * i], request.Coordinates[(2 * i) + 1], 1, TileDropReason.None);
        }

        var preprocessor = new TilePreprocessor(slide, request.Level, request.ReadWidth, request.ReadHeight, EncoderSettings.Preprocessing(card));
        // Reading is CPU work; keep it off the grain's scheduler so the silo stays responsive.
        using var prepared = await preparation.RunAsync(() => PreparedTiles.Prepare(preprocessor, tiles)).ConfigureAwait(true);
        var dimension = batcher.Model.OutputRowLength;
        var embeddings = new float[prepared.KeptTiles.Count * dimension];
        var heads = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (prepared.KeptTiles.Count > 0)
        {
            await batcher.SubmitAsync(prepared.Input, embeddings).ConfigureAwait(true);

            // Tile heads (e.g. gene scores per tile) run on the embeddings through their own silo batchers.
            foreach (var headId in request.TileHeadIds)
            {
                var head = models.Get(headId);
                if (head.Model.InputRowLength != dimension)
                {
                    throw new TileBatchException("model-card", $"Tile head '{headId}' takes {head.Model.InputRowLength} values per row; encoder '{card.Id}' gives {dimension}.");
                }

                heads[headId] = await head.SubmitAsync(embeddings).ConfigureAwait(true);
            }
        }

        work.AddTiles(prepared.KeptTiles.Count);
        return new TileBatchResult { Kept = prepared.Kept, Embeddings = embeddings, Dimension = dimension, Silo = silo.SiloAddress.ToString(), HeadOutputs = heads };
    }
}
