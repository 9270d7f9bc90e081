using CohortGrid.Bench;

// Usage: cohortgrid-bench [feed|segment|inference|cluster|all|scale|results|survival|expression] [--data DIR] [--seconds N] [--slides N] [--pairs N]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var data = BenchArgs.Value(args, "--data") ?? BenchData.DefaultDirectory();
var seconds = double.Parse(BenchArgs.Value(args, "--seconds") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
Console.WriteLine($"CohortGrid benchmarks — {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, OpenSlide {CohortGrid.Slides.SlideImage.LibraryVersion}");
Console.WriteLine($"data: {data}");
if (mode is "feed" or "all")
{
    FeedBenchmark.Run(data, seconds);
}

if (mode is "segment" or "all")
{
    SegmentationBenchmark.Run(data);
}

if (mode is "inference" or "all")
{
    InferenceBenchmark.Run(data, BenchModels.Prepare(data), seconds);
}

if (mode is "cluster" or "all")
{
    await ClusterBenchmark.RunAsync(data, BenchModels.Prepare(data), seconds);
}

if (mode is "scale")
{
    await ClusterBenchmark.ScaleAsync(BenchModels.Prepare(data), int.Parse(BenchArgs.Value(args, "--slides") ?? "2000", System.Globalization.CultureInfo.InvariantCulture));
}

if (mode is "results")
{
    await ResultWritingBenchmark.RunAsync(BenchModels.Prepare(data), int.Parse(BenchArgs.Value(args, "--pairs") ?? "6", System.Globalization.CultureInfo.InvariantCulture));
}

if (mode is "survival")
{
    SurvivalBenchmark.Run();
}

if (mode is "expression")
{
    ExpressionBenchmark.Run();
}

return 0;
