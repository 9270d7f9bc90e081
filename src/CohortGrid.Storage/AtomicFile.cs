using CohortGrid.Storage.Formats;

namespace CohortGrid.Storage;

/// <summary>Whole-file writes that a reader sees either complete or not at all (temporary name, flush, rename).</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        using var pending = PendingFile.Create(path);
        using (var writer = new StreamWriter(pending.Stream, leaveOpen: true))
        {
            writer.Write(contents);
        }

        pending.Commit();
    }

    /// <summary>Copies <paramref name="source"/> over <paramref name="target"/>.</summary>
    public static void Copy(string source, string target)
    {
        using var pending = PendingFile.Create(target);
        using (var input = File.OpenRead(source))
        {
            input.CopyTo(pending.Stream);
        }

        pending.Commit();
    }
}
