using System.CommandLine;
using System.Globalization;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid slide survey</c>: runs the full slide engine (metadata, tissue, grid, reading,
/// QC and preprocessing of every tile) over files or folders and prints one summary row per slide.
/// A slide that fails is reported in its row; the others still run.
/// </summary>
internal static class SurveyCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Slide files or folders of slides.", Arity = ArgumentArity.OneOrMore };
        var mppOverride = SlideOptions.MppOverride();
        var workers = new Option<int>("--workers") { Description = "Reader threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("survey", "Tile, QC and preprocess every slide given and print a per-slide summary.") { paths, mppOverride, workers };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            var files = SlidePaths.Expand(parse.GetValue(paths)!);
            var table = new TextTable("slide", "vendor", "size", "mpp", "tissue", "grid", "tissue tiles", "pass QC", "tiles/s", "status");
            var failed = 0;
            var totalTiles = 0;
            var totalSeconds = 0.0;
            foreach (var file in files)
            {
                var row = SurveyOne(file, parse.GetValue(mppOverride), parse.GetValue(workers));
                failed += row.Failed ? 1 : 0;
                totalTiles += row.Tiles;
                totalSeconds += row.Seconds;
                table.Add(row.Cells);
            }

            table.Write(console.Out);
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{files.Count} slides, {files.Count - failed} processed, {failed} failed; {totalTiles} tiles read and preprocessed at {(totalSeconds > 0 ? totalTiles / totalSeconds : 0):0} tiles/s"));
            return failed == 0 ? 0 : CliConsole.Failure;
        }));
        return command;
    }

    private static (string[] Cells, bool Failed, int Tiles, double Seconds) SurveyOne(string file, double? mppOverride, int workers)
    {
        var name = Path.GetFileName(file);
        try
        {
            using var slide = SlideImage.Open(file);
            var plan = SlidePlan.Create(slide, mppOverride);
            var feed = TileFeed.Run(new TilePreprocessor(slide, plan.Grid), plan.Grid.Tiles, workers);
            var status = plan.Tissue.IsEmpty ? "no tissue" : "ok";
            return (
                [
                    name,
                    plan.Metadata.Vendor,
                    $"{plan.Metadata.Width}x{plan.Metadata.Height}",
                    plan.Metadata.Mpp.ToString("0.###", CultureInfo.InvariantCulture),
                    plan.Tissue.Mask.TissueFraction.ToString("P0", CultureInfo.InvariantCulture),
                    $"{plan.Grid.Columns}x{plan.Grid.Rows}",
                    plan.Grid.Tiles.Count.ToString(CultureInfo.InvariantCulture),
                    feed.Passed.ToString(CultureInfo.InvariantCulture),
                    feed.TilesPerSecond.ToString("0", CultureInfo.InvariantCulture),
                    status,
                ],
                false,
                feed.Count,
                feed.Elapsed.TotalSeconds);
        }
        catch (SlideException ex)
        {
            return ([name, "", "", "", "", "", "", "", "", $"failed ({ex.Reason}): {ex.Message}"], true, 0, 0);
        }
    }
}
