using System.Globalization;
using CohortGrid.SampleData.Rendering;
using CohortGrid.SampleData.Tiff;
using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData;

/// <summary>
/// Makes synthetic H&amp;E-like whole-slide images: glass, irregular tissue regions of pink stroma,
/// gland lumens and purple nuclei whose amount and darkness follow <see cref="SyntheticSlideSpec.Grade"/>.
/// Deterministic: a spec always gives the same bytes.
/// </summary>
public static class SyntheticSlideGenerator
{
    /// <summary>Bumped whenever rendering changes, so cached files made by an older generator are redone.</summary>
    public const int GeneratorVersion = 1;

    /// <summary>Largest level 0 rendered in memory (768 MB of RGB); bigger slides need <see cref="SyntheticSlideSpec.TissuePatchSize"/>.</summary>
    public const long MaxRenderedPixels = 1L << 28;

    /// <summary>Colour of bare glass; flat areas of sparse slides use exactly this.</summary>
    public static RgbColor Glass { get; } = new((byte)SlideRenderer.GlassLevel, (byte)SlideRenderer.GlassLevel, (byte)SlideRenderer.GlassLevel);

    /// <summary>
    /// Renders the whole of level 0 in memory, as if <see cref="SyntheticSlideSpec.TissuePatchSize"/>
    /// were unset; refuses slides over <see cref="MaxRenderedPixels"/>.
    /// </summary>
    public static RgbImage Render(SyntheticSlideSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if ((long)spec.Width * spec.Height > MaxRenderedPixels)
        {
            throw new ArgumentException(
                $"A {spec.Width}x{spec.Height} slide is too large to render in memory (limit {MaxRenderedPixels / 1_000_000} Mpx); " +
                "set TissuePatchSize to render only a patch of tissue on flat glass.",
                nameof(spec));
        }

        return SlideRenderer.Render(spec);
    }

    /// <summary>The slide's pyramid, ready for <see cref="TiledTiffWriter"/>.</summary>
    public static IReadOnlyList<ITiffLevelSource> CreateLevels(SyntheticSlideSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (spec.TissuePatchSize is not { } patchSize)
        {
            return TiffPyramid.FromImage(Render(spec), spec.LevelCount);
        }

        var patches = new List<PlacedImage>();
        if (!spec.Blank)
        {
            var (x, y, patch) = PatchPlacement(spec, patchSize);
            patches.Add(new PlacedImage(x, y, Render(patch)));
        }

        return TiffPyramid.Build(new SparseLevelSource(spec.Width, spec.Height, Glass, patches), spec.LevelCount);
    }

    /// <summary>Writes the slide as a pyramidal tiled TIFF that OpenSlide opens as generic-tiff.</summary>
    public static TiffWriteResult Write(SyntheticSlideSpec spec, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = new TiffWriteOptions { TileSize = spec.TileSize, Mpp = spec.Mpp, ImageDescription = Describe(spec) };
        return TiledTiffWriter.Write(path, CreateLevels(spec), options, cancellationToken);
    }

    /// <summary>The ImageDescription written to level 0: the spec in key=value form, for provenance.</summary>
    public static string Describe(SyntheticSlideSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"CohortGrid synthetic slide|{spec.Width}x{spec.Height}|mpp={spec.Mpp:R}|seed={spec.Seed}|coverage={spec.TissueCoverage:R}" +
            $"|grade={spec.Grade:R}|blank={spec.Blank}|patch={spec.TissuePatchSize}|generator={GeneratorVersion}|fingerprint={spec.Fingerprint()}");
    }

    /// <summary>Where the rendered patch of a sparse slide goes: on the tile grid, so only the tiles it covers differ from glass.</summary>
    private static (int X, int Y, SyntheticSlideSpec Patch) PatchPlacement(SyntheticSlideSpec spec, int patchSize)
    {
        var width = Math.Min(patchSize, spec.Width);
        var height = Math.Min(patchSize, spec.Height);
        var random = new Random(spec.Seed);
        var x = spec.TileSize * random.Next(((spec.Width - width) / spec.TileSize) + 1);
        var y = spec.TileSize * random.Next(((spec.Height - height) / spec.TileSize) + 1);
        return (x, y, spec with { Width = width, Height = height, TissuePatchSize = null });
    }
}
