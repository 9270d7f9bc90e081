namespace CohortGrid.Storage.Formats;

/// <summary>
/// A file being written under a temporary name in its target's folder. <see cref="Commit"/> flushes it to
/// disk and renames it over the target, so a reader sees either the old file or the complete new one;
/// disposing without committing deletes the temporary file.
/// </summary>
internal sealed class PendingFile : IDisposable
{
    private const int BufferSize = 1 << 20;

    private bool _committed;

    private PendingFile(string targetPath, string temporaryPath, FileStream stream)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
        Stream = stream;
    }

    public string TargetPath { get; }

    public string TemporaryPath { get; }

    /// <summary>Readable, writable and seekable: the HDF5 writer seeks back to patch its superblock.</summary>
    public FileStream Stream { get; }

    public static PendingFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);

        // Same folder, so the rename never crosses file systems; a leading dot keeps it out of globs.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize);
        return new PendingFile(target, temporary, stream);
    }

    /// <summary>Writes the data through to disk, then replaces the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);

        // Without the flush a crash right after the rename could leave the new name on an empty file.
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        Stream.Dispose();
        File.Delete(TemporaryPath);
        _committed = true;
    }
}
