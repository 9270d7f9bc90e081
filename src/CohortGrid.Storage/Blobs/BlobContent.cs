namespace CohortGrid.Storage.Blobs;

/// <summary>A blob's content and the ETag of the version it was read from.</summary>
public sealed class BlobContent(ReadOnlyMemory<byte> content, string eTag)
{
    public ReadOnlyMemory<byte> Content { get; } = content;

    /// <summary>Pass to <see cref="BlobCondition.IfMatch"/> to update this version only.</summary>
    public string ETag { get; } = eTag;
}
