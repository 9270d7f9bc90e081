using System.Diagnostics;
using CohortGrid.Inference.Batching;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Embedding;

/// <summary>
/// Embeds one slide: tiles are read and preprocessed on all cores, a batch-sized chunk at a time,
/// straight into pooled tensors that go to the batcher without a copy; while one chunk is being
/// embedded the next ones are read, so reading overlaps inference. Features land in tile order.
/// </summary>
public sealed class SlideEmbedder(InferenceBatcher batcher, int chunksInFlight = 2)
{
    /// <summary>Tiles per chunk: the batcher's batch size, so each chunk runs as one batch on its own memory.</summary>
    public int ChunkSize { get; init; } = 32;

    /// <summary>Embeds the tiles of a planned slide (plan it with <see cref="EncoderSettings.PlanOptions"/>).</summary>
    public async Task<SlideEmbedding> EmbedAsync(SlideImage slide, SlidePlan plan, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(plan);
        var card = batcher.Model.Card;
        var preprocessor = new TilePreprocessor(slide, plan.Grid, EncoderSettings.Preprocessing(card));
        var dimension = batcher.Model.OutputRowLength;
        var candidates = plan.Grid.Tiles;
        var started = Stopwatch.GetTimestamp();

        var chunks = new List<Chunk>();
        var inFlight = new Queue<Chunk>();
        var done = 0;
        try
        {
            for (var first = 0; first < candidates.Count; first += ChunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var tiles = PreparedTiles.Prepare(preprocessor, Slice(candidates, first, Math.Min(ChunkSize, candidates.Count - first)));
                var chunk = new Chunk(tiles, new float[tiles.KeptTiles.Count * dimension]);
                chunk.Embedding = tiles.KeptTiles.Count == 0 ? Task.CompletedTask : batcher.SubmitAsync(tiles.Input, chunk.Output, cancellationToken);
                chunks.Add(chunk);
                inFlight.Enqueue(chunk);
                while (inFlight.Count > chunksInFlight)
                {
                    done += await Finish(inFlight.Dequeue()).ConfigureAwait(false);
                    progress?.Report(done);
                }
            }

            while (inFlight.Count > 0)
            {
                done += await Finish(inFlight.Dequeue()).ConfigureAwait(false);
                progress?.Report(done);
            }
        }
        finally
        {
            foreach (var chunk in inFlight)
            {
                await chunk.Embedding.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                chunk.Release();
            }
        }

        var embedded = chunks.SelectMany(c => c.Kept).ToList();
        var features = new float[embedded.Count * dimension];
        var row = 0;
        foreach (var chunk in chunks)
        {
            chunk.Output.CopyTo(features.AsSpan(row * dimension));
            row += chunk.Kept.Count;
        }

        return new SlideEmbedding(plan, embedded, features, dimension, MeanRow(features, embedded.Count, dimension), chunks.Sum(c => c.Dropped), Stopwatch.GetElapsedTime(started));
    }

    private static async Task<int> Finish(Chunk chunk)
    {
        try
        {
            await chunk.Embedding.ConfigureAwait(false);
            return chunk.Kept.Count + chunk.Dropped;
        }
        finally
        {
            chunk.Release();
        }
    }

    private static float[] MeanRow(float[] features, int rows, int dimension)
    {
        var sum = new double[dimension];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < dimension; d++)
            {
                sum[d] += features[(r * dimension) + d];
            }
        }

        return [.. sum.Select(s => rows == 0 ? 0f : (float)(s / rows))];
    }

    private static TileSpec[] Slice(IReadOnlyList<TileSpec> tiles, int first, int count)
    {
        var slice = new TileSpec[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = tiles[first + i];
        }

        return slice;
    }

    private sealed class Chunk(PreparedTiles tiles, float[] output)
    {
        public float[] Output { get; } = output;

        public IReadOnlyList<TileSpec> Kept => tiles.KeptTiles;

        public int Dropped => tiles.Dropped;

        public Task Embedding { get; set; } = Task.CompletedTask;

        public void Release() => tiles.Dispose();
    }
}
