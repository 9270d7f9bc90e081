using System.Diagnostics;
using System.Globalization;
using CohortGrid.Slides;

namespace CohortGrid.Bench;

/// <summary>Tissue segmentation + tile grid per shared slide (median of repeated runs, fresh handle each time).</summary>
internal static class SegmentationBenchmark
{
    private const int Runs = 7;
    private const double BudgetMs = 500;

    public static void Run(string data)
    {
        Console.WriteLine();
        Console.WriteLine($"== Tissue segmentation + grid per slide (median of {Runs}, budget {BudgetMs} ms) ==");
        (string File, double? Mpp)[] slides =
        [
            ("CMU-1-Small-Region.svs", null),
            ("tcga-cr-7395-01a-01-ts1.svs", 0.25),
            ("hamamatsu-dapi-40x.ndpi", null),
            ("generic-tiff-boxes.tiff", 1.0),
            ("aperio-16px.svs", null),
        ];
        foreach (var (file, mpp) in slides)
        {
            var path = Path.Combine(data, "slides", file);
            var times = new List<double>();
            SlidePlan? plan = null;
            for (var i = 0; i < Runs + 1; i++)
            {
                var watch = Stopwatch.StartNew();
                using var slide = SlideImage.Open(path);
                plan = SlidePlan.Create(slide, mpp);
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            var median = Measure.Median(times);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {file,-30} {median,7:0.0} ms  ({median / BudgetMs:P0} of budget)  tissue {plan!.Tissue.Mask.TissueFraction:P0} from {plan.Tissue.Source}, {plan.Grid.Tiles.Count} tiles{(mpp is null ? string.Empty : $" (mpp override {mpp})")}"));
        }
    }
}
