using System.CommandLine;
using System.Globalization;
using CohortGrid.Slides;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;
using CohortGrid.Slides.Tissue;

namespace CohortGrid.Cli.Commands;

/// <summary><c>cohortgrid slide inspect|tiles|thumbnail|survey</c>.</summary>
internal static class SlideCommands
{
    public static Command Create(CliConsole console)
    {
        var slide = new Command("slide", "Inspect and tile single slides with the slide engine.");
        slide.Subcommands.Add(Inspect(console));
        slide.Subcommands.Add(Tiles(console));
        slide.Subcommands.Add(Thumbnail(console));
        slide.Subcommands.Add(SurveyCommand.Create(console));
        return slide;
    }

    private static Command Inspect(CliConsole console)
    {
        var path = SlideOptions.Path();
        var mppOverride = SlideOptions.MppOverride();
        var json = SlideOptions.Json();
        var command = new Command("inspect", "Print metadata, tissue fraction and the tile count at the default grid (0.5 µm/px, 224 px).")
        {
            path, mppOverride, json,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            using var image = SlideImage.Open(parse.GetValue(path)!.FullName);
            var metadata = SlideMetadata.Read(image, parse.GetValue(mppOverride));
            var plan = metadata.HasMpp ? SlidePlan.Create(image, parse.GetValue(mppOverride)) : null;
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(SlideReport.Json(metadata, plan));
            }
            else
            {
                console.Out.Write(SlideReport.Text(metadata, plan));
            }

            // Metadata is worth seeing even without mpp; the missing mpp is still an error.
            return plan is null ? throw new SlideMppUnavailableException(image.Path) : 0;
        }));
        return command;
    }

    private static Command Tiles(CliConsole console)
    {
        var path = SlideOptions.Path();
        var mppOverride = SlideOptions.MppOverride();
        var mpp = SlideOptions.TargetMpp();
        var size = SlideOptions.TileSize();
        var minTissue = SlideOptions.MinTissue();
        var output = new Option<FileInfo?>("--out", "-o") { Description = "CSV file to write (default: standard output)." };
        var command = new Command("tiles", "Write the tile grid with tissue fraction and QC measurements (whitespace, grayspace, blur) per tile.")
        {
            path, mppOverride, mpp, size, minTissue, output,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            using var image = SlideImage.Open(parse.GetValue(path)!.FullName);
            var grid = new TileGridOptions { TargetMpp = parse.GetValue(mpp), TileSize = parse.GetValue(size), MinTissueFraction = parse.GetValue(minTissue) };
            grid.Validate();
            var plan = SlidePlan.Create(image, parse.GetValue(mppOverride), new SlidePlanOptions { Grid = grid });
            var preprocessor = new TilePreprocessor(image, plan.Grid, new PreprocessingOptions { InputSize = grid.TileSize });
            var feed = TileFeed.Run(preprocessor, plan.Grid.Tiles);
            var quality = new Dictionary<int, TileQcResult>(plan.Grid.Tiles.Count);
            for (var i = 0; i < plan.Grid.Tiles.Count; i++)
            {
                quality[plan.Grid.Tiles[i].Index] = feed.Quality[i];
            }

            var csv = TileCsv.Write(plan.Grid, quality);
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, csv);
                console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{plan.Grid.Candidates.Count} positions, {plan.Grid.Tiles.Count} with tissue, {feed.Passed} pass QC; level {plan.Grid.Level}, read {plan.Grid.ReadWidth}x{plan.Grid.ReadHeight} -> {grid.TileSize} px; wrote {file.FullName}"));
            }
            else
            {
                console.Out.Write(csv);
            }

            return 0;
        }));
        return command;
    }

    private static Command Thumbnail(CliConsole console)
    {
        var path = SlideOptions.Path();
        var mppOverride = SlideOptions.MppOverride();
        var output = new Option<FileInfo>("--out", "-o") { Description = "PNG file to write.", Required = true };
        var mask = new Option<bool>("--mask") { Description = "Draw the tissue outline (needs mpp: areas are filtered in µm²)." };
        var command = new Command("thumbnail", "Write a low-resolution PNG of the slide, optionally with the tissue outline.")
        {
            path, mppOverride, output, mask,
        };
        command.SetAction(parse => console.Guard(parse, () =>
        {
            using var image = SlideImage.Open(parse.GetValue(path)!.FullName);
            RgbImage picture;
            if (parse.GetValue(mask))
            {
                var metadata = SlideMetadata.Read(image, parse.GetValue(mppOverride));
                var tissue = TissueSegmenter.Segment(image, metadata);
                picture = tissue.Mask.DrawOutline(tissue.Image, (0, 200, 0));
            }
            else
            {
                picture = LowResolutionView.Read(image).Image;
            }

            var file = parse.GetValue(output)!;
            PngEncoder.WriteFile(picture, file.FullName);
            console.Out.WriteLine($"wrote {file.FullName} ({picture.Width}x{picture.Height})");
            return 0;
        }));
        return command;
    }
}
