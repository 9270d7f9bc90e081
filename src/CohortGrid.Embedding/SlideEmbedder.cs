using System.Buffers;
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
                var chunk = Prepare(preprocessor, candidates, first, Math.Min(ChunkSize, candidates.Count - first), dimension);
                chunk.Embedding = chunk.Kept.Count == 0
                    ? Task.CompletedTask
                    : batcher.SubmitAsync(chunk.Input.AsMemory(0, chunk.Kept.Count * preprocessor.TensorLength), chunk.Output, cancellationToken);
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

        var tiles = chunks.SelectMany(c => c.Kept).ToList();
        var features = new float[tiles.Count * dimension];
        var row = 0;
        foreach (var chunk in chunks)
        {
            chunk.Output.AsSpan(0, chunk.Kept.Count * dimension).CopyTo(features.AsSpan(row * dimension));
            row += chunk.Kept.Count;
        }

        return new SlideEmbedding(plan, tiles, features, dimension, MeanRow(features, tiles.Count, dimension), chunks.Sum(c => c.Dropped), Stopwatch.GetElapsedTime(started));
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

    // Reads and preprocesses a chunk on all cores, then packs the tiles that pass QC to the front.
    private static Chunk Prepare(TilePreprocessor preprocessor, IReadOnlyList<TileSpec> tiles, int first, int count, int dimension)
    {
        var length = preprocessor.TensorLength;
        var input = ArrayPool<float>.Shared.Rent(count * length);
        var quality = new TileQcResult[count];
        Parallel.For(0, count, i => quality[i] = preprocessor.Process(tiles[first + i], input.AsSpan(i * length, length)));
        var kept = new List<TileSpec>(count);
        for (var i = 0; i < count; i++)
        {
            if (!quality[i].Passed)
            {
                continue;
            }

            if (kept.Count != i)
            {
                input.AsSpan(i * length, length).CopyTo(input.AsSpan(kept.Count * length, length));
            }

            kept.Add(tiles[first + i]);
        }

        return new Chunk(input, new float[kept.Count * dimension], kept, count - kept.Count);
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

    private sealed class Chunk(float[] input, float[] output, List<TileSpec> kept, int dropped)
    {
        private float[]? _input = input;

        public float[] Input => _input ?? throw new ObjectDisposedException(nameof(Chunk));

        public float[] Output { get; } = output;

        public List<TileSpec> Kept { get; } = kept;

        public int Dropped { get; } = dropped;

        public Task Embedding { get; set; } = Task.CompletedTask;

        public void Release()
        {
            if (_input is { } buffer)
            {
                _input = null;
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
