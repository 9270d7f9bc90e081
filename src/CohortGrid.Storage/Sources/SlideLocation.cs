namespace CohortGrid.Storage.Sources;

/// <summary>Where a slide is read from: a local (or mounted) file, or a blob of the configured storage account.</summary>
public sealed record SlideLocation
{
    private SlideLocation(string? localPath, string? container, string? blobName)
    {
        LocalPath = localPath;
        Container = container;
        BlobName = blobName;
    }

    /// <summary>Full path of a local slide; <see langword="null"/> for a blob.</summary>
    public string? LocalPath { get; }

    /// <summary>Container of a blob slide; <see langword="null"/> for a local file.</summary>
    public string? Container { get; }

    /// <summary>Blob name of a blob slide; <see langword="null"/> for a local file.</summary>
    public string? BlobName { get; }

    public bool IsBlob => Container is not null;

    public static SlideLocation File(string fullPath) => new(fullPath, null, null);

    public static SlideLocation Blob(string container, string blobName) => new(null, container, blobName);

    /// <summary>The canonical text form: the full path, or <c>az://container/name</c>.</summary>
    public override string ToString() => IsBlob ? $"{SlideLocationPolicy.BlobScheme}://{Container}/{BlobName}" : LocalPath!;
}
