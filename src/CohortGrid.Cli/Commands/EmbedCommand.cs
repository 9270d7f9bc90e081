using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CohortGrid.Embedding;
using CohortGrid.Inference;
using CohortGrid.Inference.Batching;
using CohortGrid.Slides;
using CohortGrid.Storage.Formats;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid embed</c>: segments, tiles and embeds one slide locally, and writes the tile features
/// with their level-0 coordinates and the mean-pooled slide vector.
/// </summary>
internal static class EmbedCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("slides") { Description = "A slide, several slides, or folders of slides.", Arity = ArgumentArity.OneOrMore };
        var model = new Option<FileInfo>("--model", "-m") { Description = "Tile encoder: its .onnx (with a .card.json beside it) or the card.", Required = true };
        var mppOverride = SlideOptions.MppOverride();
        var output = new Option<string?>("--out", "-o")
        {
            Description = "One slide: the features file, .h5 (features, coords, slide_vector, attributes) or .npy (plus .coords.npy and .slide_vector.npy). Several slides: a folder that receives <slide>.h5 files.",
        };
        var json = SlideOptions.Json();
        var provider = new Option<ExecutionProviderKind>("--provider") { Description = "Execution provider: auto, cpu, cuda or tensorrt (falls back to CPU when unavailable).", DefaultValueFactory = _ => ExecutionProviderKind.Auto };
        var batchSize = new Option<int>("--batch-size") { Description = "Tiles per model run.", DefaultValueFactory = _ => 32 };
        var fp16 = new Option<bool>("--fp16") { Description = "Store embeddings as float16." };
        var command = new Command("embed", "Segment, tile and embed slides with a tile encoder; write tile features (N x D) with level-0 coordinates and the slide vector.")
        {
            paths, model, mppOverride, output, json, provider, batchSize, fp16,
        };
        command.SetAction((parse, cancellationToken) => console.GuardAsync(parse, async () =>
        {
            var slides = SlidePaths.Expand(parse.GetValue(paths)!);
            var outPath = parse.GetValue(output);
            var single = slides.Count == 1 && !Directory.Exists(parse.GetValue(paths)![0]);
            var format = single && outPath is not null ? FormatOf(outPath) : "h5";
            if (!single && outPath is not null)
            {
                Directory.CreateDirectory(outPath);
            }

            var options = new InferenceOptions { Provider = parse.GetValue(provider), Fp16Output = parse.GetValue(fp16) };
            using var encoder = ModelLoader.Load(parse.GetValue(model)!.FullName, options);
            await using var batcher = new InferenceBatcher(encoder, new BatcherOptions { MaxBatchSize = parse.GetValue(batchSize) });
            var embedder = new SlideEmbedder(batcher) { ChunkSize = parse.GetValue(batchSize) };
            var reports = new List<EmbedReport>();
            foreach (var slidePath in slides)
            {
                var target = outPath is null ? null : single ? Path.GetFullPath(outPath) : Path.Combine(Path.GetFullPath(outPath), Path.GetFileNameWithoutExtension(slidePath) + ".h5");
                reports.Add(await EmbedOne(console, embedder, encoder, slidePath, target, format, parse.GetValue(mppOverride), parse.GetValue(fp16), single, cancellationToken).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                console.Out.WriteLine(single ? JsonSerializer.Serialize(reports[0], JsonOptions) : JsonSerializer.Serialize(reports, JsonOptions));
            }
            else if (single)
            {
                console.Out.WriteLine(reports[0].ToText());
            }
            else
            {
                WriteTable(console, encoder, reports);
            }

            return reports.Any(r => r.Error is not null) ? CliConsole.Failure : 0;
        }));
        return command;
    }

    // One slide; with several slides a bad one is reported in its row and the others still run.
    private static async Task<EmbedReport> EmbedOne(CliConsole console, SlideEmbedder embedder, IBatchModel encoder, string slidePath, string? target, string format, double? mppOverride, bool fp16, bool single, CancellationToken cancellationToken)
    {
        try
        {
            using var slide = SlideImage.Open(slidePath);
            var plan = SlidePlan.Create(slide, mppOverride, EncoderSettings.PlanOptions(encoder.Card));
            SlideEmbedding embedding;
            using (var progress = console.Progress(Path.GetFileName(slidePath), plan.Grid.Tiles.Count))
            {
                embedding = await embedder.EmbedAsync(slide, plan, progress, cancellationToken).ConfigureAwait(false);
            }

            if (target is not null)
            {
                Write(target, format, embedding, encoder.Card, slide.Path, fp16, cancellationToken);
            }

            return new EmbedReport(
                slide.Path,
                encoder.Card.Id,
                encoder.Card.Version,
                encoder.Provider,
                (encoder as OnnxModel)?.ProviderReason ?? "managed",
                embedding.Tiles.Count,
                embedding.QcDropped,
                plan.Grid.Candidates.Count,
                embedding.Dimension,
                Math.Round(embedding.TilesPerSecond, 1),
                Math.Round(embedding.Elapsed.TotalSeconds, 3),
                target,
                null);
        }
        catch (SlideException ex) when (!single)
        {
            return new EmbedReport(slidePath, encoder.Card.Id, encoder.Card.Version, encoder.Provider, "", 0, 0, 0, encoder.OutputRowLength, 0, 0, null, $"{ex.Reason}: {ex.Message}");
        }
    }

    private static void WriteTable(CliConsole console, IBatchModel encoder, List<EmbedReport> reports)
    {
        var table = new TextTable("slide", "tiles", "qc dropped", "tiles/s", "output", "status");
        foreach (var report in reports)
        {
            table.Add(
                Path.GetFileName(report.Slide),
                report.Tiles.ToString(CultureInfo.InvariantCulture),
                report.QcDropped.ToString(CultureInfo.InvariantCulture),
                report.TilesPerSecond.ToString("0", CultureInfo.InvariantCulture),
                report.Output is null ? "-" : Path.GetFileName(report.Output),
                report.Error is null ? (report.Tiles == 0 ? "no tiles" : "ok") : $"failed ({report.Error})");
        }

        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model {encoder.Card.Id} {encoder.Card.Version}, {encoder.OutputRowLength}-d, on {encoder.Provider}"));
        table.Write(console.Out);
        var tiles = reports.Sum(r => r.Tiles + r.QcDropped);
        var seconds = reports.Sum(r => r.Seconds);
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{reports.Count} slides, {reports.Count(r => r.Error is null)} embedded, {reports.Count(r => r.Error is not null)} failed; {tiles} tiles at {(seconds > 0 ? tiles / seconds : 0):0} tiles/s end to end"));
    }

    private static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".h5" or ".hdf5" => "h5",
        ".npy" => "npy",
        var other => throw new ArgumentException($"--out must end in .h5 or .npy (got '{(other.Length == 0 ? path : other)}').", nameof(path)),
    };

    private static void Write(string path, string format, SlideEmbedding embedding, ModelCard card, string slidePath, bool fp16, CancellationToken cancellationToken)
    {
        var tiles = new TileFeatures(embedding.Features, embedding.Dimension, embedding.Coordinates, embedding.Tiles.Count > 0 ? embedding.SlideVector : ReadOnlyMemory<float>.Empty);
        var options = new TileFeatureWriteOptions { Precision = fp16 ? FeaturePrecision.Float16 : FeaturePrecision.Float32 };
        if (format == "npy")
        {
            TileFeatureNpy.Write(path, tiles, options, cancellationToken);
            return;
        }

        var metadata = new TileFeatureMetadata
        {
            SlideId = Path.GetFileNameWithoutExtension(slidePath),
            EncoderId = card.Id,
            EncoderVersion = card.Version,
            Mpp = card.TargetMpp!.Value,
            TileSize = card.InputSize!.Value,
            Level0Mpp = embedding.Plan.Metadata.Mpp,
        };
        TileFeatureFile.Write(path, tiles, metadata, options, cancellationToken);
    }

    private sealed record EmbedReport(
        string Slide,
        string Model,
        string Version,
        string Provider,
        string ProviderReason,
        int Tiles,
        int QcDropped,
        int Positions,
        int Dimension,
        double TilesPerSecond,
        double Seconds,
        string? Output,
        string? Error)
    {
        public string ToText() => string.Create(
            CultureInfo.InvariantCulture,
            $"""
            Slide       {Slide}
            Model       {Model} {Version}, {Dimension}-d, on {Provider} ({ProviderReason})
            Tiles       {Tiles} embedded, {QcDropped} dropped by QC, of {Positions} grid positions
            Speed       {TilesPerSecond:0} tiles/s ({Seconds:0.###} s)
            Output      {Output ?? "(none; use --out features.h5)"}
            """);
    }
}
