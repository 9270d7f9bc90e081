using System.Diagnostics;
using System.Globalization;
using CohortGrid.Embedding;
using CohortGrid.Inference;
using CohortGrid.Inference.Batching;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;

namespace CohortGrid.Bench;

/// <summary>
/// The batcher against raw ONNX Runtime (8 concurrent callers of 32 tiles each vs Run at batch 32),
/// and end-to-end slide embedding (read + preprocess + batcher + encoder) against the raw encoder,
/// for the real mobilenet encoder and the generated ResNet-50 trunk. Contenders alternate in rounds.
/// </summary>
internal static class InferenceBenchmark
{
    private const int Batch = 32;
    private const int Callers = 8;

    public static void Run(string data, string modelsDirectory, double seconds)
    {
        var mobilenet = Path.Combine(modelsDirectory, "mobilenetv2-features.card.json");
        var resnet = Path.Combine(modelsDirectory, "resnet50-layer3-encoder.card.json");
        var slidePath = Path.Combine(data, "slides", "CMU-1-Small-Region.svs");
        foreach (var (card, label, pairs, pairSeconds) in new[] { (mobilenet, "mobilenetv2-features (real, 1280-d)", 7, seconds), (resnet, "resnet50-layer3 (generated, 1024-d)", 3, Math.Max(seconds * 3, 4)) })
        {
            Console.WriteLine();
            Console.WriteLine($"== Batcher and end to end vs raw ONNX Runtime: {label}, batch {Batch} ==");
            Compare(card, slidePath, pairs, pairSeconds);
        }
    }

    private static void Compare(string cardPath, string slidePath, int pairs, double seconds)
    {
        var card = ModelCard.Load(cardPath);
        using var raw = new RawEncoder(card.ModelPath, card.Output!, Batch);
        using var model = OnnxModel.Load(card, new InferenceOptions { Provider = ExecutionProviderKind.Cpu });
        using var slide = SlideImage.Open(slidePath);
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(card));
        var tiles = BenchTiles.Random(Batch, model.InputRowLength, seed: 2);

        double Raw() => Measure.Rate(raw.RunBatch, seconds);
        var batcher = Measure.Paired(Raw, () => BatcherRate(model, tiles, seconds), pairs);
        var warm = Measure.Paired(Raw, () => EmbedRate(model, slide, plan, seconds), pairs);
        var cold = Measure.Paired(Raw, () => EmbedRate(model, null, plan, seconds), pairs);
        Console.WriteLine(Row("raw InferenceSession.Run, batch 32", batcher.Baseline, 1));
        Console.WriteLine(Row($"batcher, {Callers} callers x {Batch} tiles", batcher.Contender, batcher.Ratio));
        Console.WriteLine(Row($"embed CMU-1 ({plan.Grid.Tiles.Count} tiles), source tiles cached", warm.Contender, warm.Ratio));
        Console.WriteLine(Row("embed CMU-1, fresh handle (JPEG decode included)", cold.Contender, cold.Ratio));

        // On a CPU-only machine reading and inference share the cores, so end to end cannot beat
        // 1 / (1/feed + 1/encoder); report how close each embed comes to that bound.
        var preprocessing = EncoderSettings.Preprocessing(card);
        var feedWarm = Measure.Rate(() => TileFeed.Run(new TilePreprocessor(slide, plan.Grid, preprocessing), plan.Grid.Tiles).Count, seconds);
        var feedCold = Measure.Rate(
            () =>
            {
                using var fresh = SlideImage.Open(slidePath);
                return TileFeed.Run(new TilePreprocessor(fresh, plan.Grid, preprocessing), plan.Grid.Tiles).Count;
            },
            seconds);
        var boundWarm = 1 / ((1 / feedWarm) + (1 / warm.Baseline));
        var boundCold = 1 / ((1 / feedCold) + (1 / cold.Baseline));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shared-core bound: cached {boundWarm:0.0} tiles/s (embed = {warm.Contender / boundWarm:0.00}x), fresh handle {boundCold:0.0} tiles/s (embed = {cold.Contender / boundCold:0.00}x)"));
        Console.WriteLine($"  ratios are medians of {pairs} adjacent pairs of {seconds:0.#} s measurements");
    }

    private static string Row(string label, double rate, double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"  {label,-58} {rate,8:0.0} tiles/s  = {ratio:0.00}x raw");

    private static double BatcherRate(IBatchModel model, float[] tiles, double seconds)
    {
        var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = Batch });
        try
        {
            batcher.SubmitAsync(tiles).GetAwaiter().GetResult(); // warm-up
            var watch = Stopwatch.StartNew();
            var done = 0L;
            var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                var output = new float[Batch * model.OutputRowLength];
                while (watch.Elapsed.TotalSeconds < seconds)
                {
                    await batcher.SubmitAsync(tiles, output).ConfigureAwait(false);
                    Interlocked.Add(ref done, Batch);
                }
            })).ToArray();
            Task.WaitAll(callers);
            return done / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            batcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Whole slides embedded back to back; a null slide means a fresh handle (empty tile cache) per pass.
    private static double EmbedRate(IBatchModel model, SlideImage? slide, SlidePlan plan, double seconds)
    {
        var batcher = new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = Batch });
        try
        {
            var embedder = new SlideEmbedder(batcher) { ChunkSize = Batch };
            return Measure.Rate(
                () =>
                {
                    using var fresh = slide is null ? SlideImage.Open(plan.Metadata.Path) : null;
                    return embedder.EmbedAsync(slide ?? fresh!, plan).GetAwaiter().GetResult().Tiles.Count;
                },
                seconds);
        }
        finally
        {
            batcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
