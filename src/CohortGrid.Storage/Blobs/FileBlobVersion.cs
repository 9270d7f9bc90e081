using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace CohortGrid.Storage.Blobs;

/// <summary>
/// The file store's version stamp: a blob file's last-write time (in ticks) and length. The store sets the
/// last-write time itself on every write, strictly later than the version it replaces, so consecutive versions
/// never share a stamp; it lives in the file's own metadata, so it survives restarts and moves with the atomic
/// rename, and any edit made behind the store's back changes it too.
/// </summary>
internal readonly record struct FileBlobVersion(long LastWriteTicks, long Length)
{
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"{LastWriteTicks:x}-{Length:x}");

    public DateTimeOffset LastModified => new(LastWriteTicks, TimeSpan.Zero);

    /// <summary>The version at <paramref name="path"/>; <see langword="null"/> when no file is there.</summary>
    public static FileBlobVersion? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileBlobVersion(info.LastWriteTimeUtc.Ticks, info.Length) : null;
    }

    /// <summary>The version of an open file: consistent with what is read through the same handle.</summary>
    public static FileBlobVersion Of(SafeFileHandle handle) =>
        new(File.GetLastWriteTimeUtc(handle).Ticks, RandomAccess.GetLength(handle));

    /// <summary>
    /// Gives a staged file a last-write time later than <paramref name="previous"/>'s (now, unless the clock has
    /// not moved past it) and returns the version as stored.
    /// </summary>
    public static FileBlobVersion Stamp(string path, FileBlobVersion? previous)
    {
        const int Attempts = 4;
        var ticks = DateTime.UtcNow.Ticks;
        if (previous is { } p && ticks <= p.LastWriteTicks)
        {
            ticks = p.LastWriteTicks + 1;
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            File.SetLastWriteTimeUtc(path, new DateTime(ticks, DateTimeKind.Utc));
            var stored = Of(path) ?? throw new FileNotFoundException("The staged blob file disappeared.", path);

            // File systems with coarse timestamps (FAT: 2 s, some network shares: 1 s) round the time down, possibly
            // onto the previous version's; step forward until the stored time is strictly later.
            if (previous is not { } before || stored.LastWriteTicks > before.LastWriteTicks)
            {
                return stored;
            }

            ticks += TimeSpan.TicksPerSecond;
        }

        throw new IOException($"Could not give '{path}' a last-write time later than the version it replaces; the file system's timestamps are too coarse.");
    }
}
