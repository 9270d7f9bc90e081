using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CohortGrid.SampleData.Tiff;
using CohortGrid.Slides;

namespace CohortGrid.SampleData;

/// <summary>Everything that determines a synthetic slide: the same spec always gives the same file, byte for byte.</summary>
public sealed record SyntheticSlideSpec
{
    /// <summary>Level-0 width in pixels.</summary>
    public int Width { get; init; } = 4096;

    /// <summary>Level-0 height in pixels.</summary>
    public int Height { get; init; } = 3072;

    /// <summary>Microns per level-0 pixel, written to the TIFF resolution tags.</summary>
    public double Mpp { get; init; } = 0.5;

    /// <summary>Seed of every random choice: tissue outline, nuclei, textures, noise.</summary>
    public int Seed { get; init; }

    /// <summary>Approximate share of the slide (or of the tissue patch) covered by tissue, 0 to 0.95.</summary>
    public double TissueCoverage { get; init; } = 0.35;

    /// <summary>
    /// Appearance from 0 to 1: higher grade means more, larger, more varied and darker (more
    /// haematoxylin) nuclei, paler stroma and fewer gland lumens. Every tile statistic it touches moves
    /// monotonically, so a signal planted through the grade is recoverable from the pixels.
    /// </summary>
    public double Grade { get; init; } = 0.5;

    /// <summary>No tissue at all: only glass.</summary>
    public bool Blank { get; init; }

    /// <summary>TIFF tile side in pixels (a multiple of 16).</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>
    /// When set, only a square of this side (clamped to the slide, placed on the tile grid) is rendered;
    /// the rest is flat glass that dedups to one stored tile per level. This is how a 100,000 x 80,000
    /// slide costs a few MB and a fraction of a second. Null renders the whole slide in memory.
    /// </summary>
    public int? TissuePatchSize { get; init; }

    /// <summary>Pyramid levels: halved until the long side is below <see cref="TiffPyramid.DefaultMinLongSide"/>.</summary>
    public int LevelCount => TiffPyramid.LevelCount(Width, Height);

    /// <summary>A huge slide that is flat glass except, unless <paramref name="withTissue"/> is false, one small patch of tissue.</summary>
    public static SyntheticSlideSpec MostlyBlank(int width, int height, int seed = 0, bool withTissue = true, int patchSize = 1024) => new()
    {
        Width = width,
        Height = height,
        Seed = seed,
        Blank = !withTissue,
        TissueCoverage = 0.5,
        TissuePatchSize = patchSize,
    };

    /// <summary>Throws with a clear message when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Height);
        // Outside this range the resolution tags would not be believed by MppResolver.
        if (!(Mpp is >= MppResolver.MinPlausibleMpp and <= MppResolver.MaxPlausibleMpp))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Mpp), Mpp, $"Mpp must lie between {MppResolver.MinPlausibleMpp} and {MppResolver.MaxPlausibleMpp} µm/px.");
        }

        if (!(TissueCoverage is >= 0 and <= 0.95))
        {
            throw new ArgumentOutOfRangeException(nameof(TissueCoverage), TissueCoverage, "Tissue coverage must lie between 0 and 0.95.");
        }

        if (!(Grade is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Grade), Grade, "Grade must lie between 0 and 1.");
        }

        if (TileSize < 16 || TileSize > 4096 || TileSize % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tile size must be a multiple of 16 between 16 and 4096.");
        }

        if (TissuePatchSize is < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(TissuePatchSize), TissuePatchSize, "A tissue patch must be at least 16 pixels.");
        }
    }

    /// <summary>
    /// Short digest of the spec and the generator version: equal fingerprints mean equal files, so a
    /// file whose recorded fingerprint matches need not be generated again.
    /// </summary>
    public string Fingerprint()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"v{SyntheticSlideGenerator.GeneratorVersion};{Width}x{Height};mpp={Mpp:R};seed={Seed};coverage={TissueCoverage:R};" +
            $"grade={Grade:R};blank={Blank};tile={TileSize};patch={TissuePatchSize}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}
