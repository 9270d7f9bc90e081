using CohortGrid.Bench;

// Usage: cohortgrid-bench [feed|segment|inference|cluster|all|scale|results|survival|expression|api|scaleout] [--data DIR] [--seconds N] [--slides N] [--pairs N]
//        api: [--seconds N (30)] [--pollers N (200)] [--think-ms N (1000)] [--encoder ID (resnet50-layer3-encoder)] [--host-env NAME=VALUE]... [--running-only]
//        scaleout: [--slides N (24)] [--rounds N (3)] [--encoder ID (tiny-cnn-encoder)] [--pin (each GPU silo on a core of its own)]
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

if (mode is "api")
{
    await ApiBenchmark.RunAsync(
        double.Parse(BenchArgs.Value(args, "--seconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(BenchArgs.Value(args, "--pollers") ?? "200", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(BenchArgs.Value(args, "--think-ms") ?? "1000", System.Globalization.CultureInfo.InvariantCulture),
        BenchArgs.Value(args, "--encoder") ?? "resnet50-layer3-encoder",
        BenchArgs.Values(args, "--host-env").Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => (string?)(p.Length > 1 ? p[1] : "")),
        !args.Contains("--running-only"));
}

if (mode is "scaleout")
{
    await ScaleOutBenchmark.RunAsync(
        int.Parse(BenchArgs.Value(args, "--slides") ?? "24", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(BenchArgs.Value(args, "--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture),
        BenchArgs.Value(args, "--encoder") ?? "tiny-cnn-encoder",
        args.Contains("--pin"));
}

return 0;
