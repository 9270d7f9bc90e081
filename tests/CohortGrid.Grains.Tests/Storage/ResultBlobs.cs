using System.Text;
using System.Text.Json;
using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Formats;

namespace CohortGrid.Grains.Tests.Storage;

/// <summary>Reads a cohort's outputs back from a store and checks that each blob is a whole, valid file.</summary>
internal static class ResultBlobs
{
    private static readonly byte[] PngEnd = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>The blob names a completed cohort of <paramref name="slideIds"/> must have, and no others.</summary>
    public static IReadOnlyList<string> Expected(string cohortId, IEnumerable<string> slideIds) =>
    [
        .. new[] { "manifest.json", "status.json", "summary.json", "slide_vectors.parquet" }.Select(f => $"cohorts/{cohortId}/{f}"),
        .. slideIds.SelectMany(s => new[] { "features.h5", "summary.json", "thumbnail.png", "mask.png" }.Select(f => $"cohorts/{cohortId}/slides/{s}/{f}")),
    ];

    public static async Task<List<string>> NamesAsync(IBlobStore store, string container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in store.ListAsync(container, prefix, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>Why the blob's content is not a complete file of its kind, or null when it is.</summary>
    public static async Task<string?> ProblemAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            switch (Path.GetExtension(name))
            {
                case ".json":
                    using (JsonDocument.Parse(content))
                    {
                        return null;
                    }

                case ".png":
                    return content.Length > PngEnd.Length && content.Span[^PngEnd.Length..].SequenceEqual(PngEnd) ? null : "PNG without its IEND chunk";
                case ".parquet":
                    await SlideVectorsFile.ReadAsync(new MemoryStream(content.ToArray()), cancellationToken);
                    return null;
                case ".h5":
                    var path = Path.GetTempFileName();
                    try
                    {
                        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken);
                        TileFeatureFile.Read(path, cancellationToken);
                        return null;
                    }
                    finally
                    {
                        File.Delete(path);
                    }

                default:
                    return null;
            }
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    public static string Text(ReadOnlyMemory<byte> content) => Encoding.UTF8.GetString(content.Span);
}
