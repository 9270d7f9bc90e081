using System.Globalization;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Bench;

/// <summary>
/// Tile feed (read + resize + QC + normalise on all cores) against the real encoder's raw ONNX
/// Runtime throughput at batch 32, alternated in one run so both see the same machine load.
/// </summary>
internal static class FeedBenchmark
{
    private const int Batch = 32;

    public static void Run(string data, double seconds)
    {
        var slidePath = Path.Combine(data, "slides", "CMU-1-Small-Region.svs");
        var modelPath = Path.Combine(data, "models", "mobilenetv2-features.onnx");
        Console.WriteLine();
        Console.WriteLine("== Tile feed vs encoder (CMU-1-Small-Region.svs, 224 px at 0.5 µm/px; mobilenetv2-features.onnx, batch 32) ==");

        using var slide = SlideImage.Open(slidePath);
        var native = SlidePlan.Create(slide);
        var resized = SlidePlan.Create(slide, options: new SlidePlanOptions { Grid = new TileGridOptions { TargetMpp = 1.0 } });
        using var encoder = new RawEncoder(modelPath, "features", Batch);

        var warm = new List<double>();
        var cold = new List<double>();
        var resize = new List<double>();
        var model = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            warm.Add(Measure.Rate(() => Feed(slide, native.Grid), seconds));
            cold.Add(Measure.Rate(() => FeedFreshHandle(slidePath, native.Grid), seconds));
            resize.Add(Measure.Rate(() => Feed(slide, resized.Grid), seconds));
            model.Add(Measure.Rate(encoder.RunBatch, seconds));
        }

        var feedWarm = Measure.Median(warm);
        var feedCold = Measure.Median(cold);
        var feedResize = Measure.Median(resize);
        var encoderRate = Measure.Median(model);
        var sharedBound = 1 / ((1 / feedWarm) + (1 / encoderRate));
        Console.WriteLine(Row("feed, decoded tiles cached (224 read, no resize)", feedWarm, encoderRate));
        Console.WriteLine(Row("feed, fresh handle per pass (JPEG decode included)", feedCold, encoderRate));
        Console.WriteLine(Row($"feed at 1.0 µm/px ({resized.Grid.ReadWidth} px read, bicubic to 224)", feedResize, encoderRate));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  encoder raw ONNX Runtime (CPU, {RawEncoder.Threads} intra-op threads, batch {Batch}): {encoderRate,8:0} tiles/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shared-core bound 1/(1/feed + 1/encoder): {sharedBound:0} tiles/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per round feed/encoder: {string.Join(", ", warm.Zip(model, (f, e) => (f / e).ToString("0.00", CultureInfo.InvariantCulture)))}"));
    }

    private static string Row(string label, double rate, double encoder) =>
        string.Create(CultureInfo.InvariantCulture, $"  {label,-58} {rate,8:0} tiles/s  = {rate / encoder:0.00}x encoder");

    private static int Feed(SlideImage slide, TileGrid grid) => TileFeed.Run(new TilePreprocessor(slide, grid), grid.Tiles).Count;

    // A new handle starts with empty tile caches, so every source JPEG tile is decoded again.
    private static int FeedFreshHandle(string path, TileGrid grid)
    {
        using var slide = SlideImage.Open(path);
        return TileFeed.Run(new TilePreprocessor(slide, grid), grid.Tiles).Count;
    }
}
