using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

/// <summary>
/// Parses ../shared/data/slides/openslide_reference.txt (property dumps and reference pixels made
/// with openslide-tools) and matches its sections to the shared files by SHA-256, since the dump
/// names files by their original upstream names.
/// </summary>
internal static partial class OpenSlideReference
{
    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, string>>> PropertiesByFile = new(LoadProperties);
    private static readonly Lazy<List<ReferencePixel>> PixelList = new(LoadPixels);

    /// <summary>Shared slide files (names) that the reference describes.</summary>
    public static IEnumerable<string> Files => PropertiesByFile.Value.Keys.Order(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> PropertiesOf(string file) => PropertiesByFile.Value[file];

    public static IReadOnlyList<ReferencePixel> Pixels => PixelList.Value;

    private static string ReferencePath => TestData.Slide("openslide_reference.txt");

    private static Dictionary<string, IReadOnlyDictionary<string, string>> LoadProperties()
    {
        var byHash = Directory.EnumerateFiles(Path.GetDirectoryName(ReferencePath)!)
            .Where(f => !f.EndsWith(".txt", StringComparison.Ordinal))
            .ToDictionary(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), Path.GetFileName);

        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? key = null;
        var value = new List<string>();
        foreach (var line in Lines())
        {
            if (SectionHeader().Match(line) is { Success: true } header)
            {
                current = byHash.TryGetValue(header.Groups["sha"].Value, out var file) ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
                if (current is not null)
                {
                    result[file!] = current;
                }

                continue;
            }

            if (line.StartsWith("################", StringComparison.Ordinal))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (key is null && PropertyStart().Match(line) is { Success: true } start)
            {
                key = start.Groups["key"].Value;
                value.Clear();
                value.Add(start.Groups["rest"].Value);
            }
            else if (key is not null)
            {
                value.Add(line);
            }

            if (key is not null && value[^1].EndsWith('\''))
            {
                var text = string.Join('\n', value);
                current[key] = text[..^1];
                key = null;
            }
        }

        return result;
    }

    // Split on LF only: vendor properties keep their CRs (Hamamatsu keys contain them).
    private static string[] Lines() => File.ReadAllText(ReferencePath).Split('\n');

    private static List<ReferencePixel> LoadPixels() =>
        [.. Lines()
            .Select(line => PixelLine().Match(line))
            .Where(m => m.Success)
            .Select(m => new ReferencePixel(
                m.Groups["file"].Value,
                long.Parse(m.Groups["x"].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["level"].Value, CultureInfo.InvariantCulture),
                [.. m.Groups["rgba"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => byte.Parse(v, CultureInfo.InvariantCulture))]))];

    [GeneratedRegex(@"^#{16} (?<name>.+?)\s+\(sha256 (?<sha>[0-9a-f]{64}), \d+ bytes\)$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^(?<key>[A-Za-z][^:']*): '(?<rest>.*)$")]
    private static partial Regex PropertyStart();

    [GeneratedRegex(@"^(?<file>\S+) x=(?<x>\d+) y=(?<y>\d+) level=(?<level>\d+) .*RGBA=(?<rgba>[\d ]+?)\s*$")]
    private static partial Regex PixelLine();
}

/// <summary>A reference pixel value read with openslide-write-png.</summary>
internal sealed record ReferencePixel(string File, long X, long Y, int Level, byte[] Rgba);
