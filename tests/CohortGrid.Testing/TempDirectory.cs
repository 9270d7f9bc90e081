namespace CohortGrid.Testing;

/// <summary>A fresh folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "cohortgrid-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failing test must not hide the test's own failure.
        }
    }

    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it, trying again for a second while a process that just exited
    /// still holds files there; a folder that stays is left behind rather than failing the caller.
    /// </summary>
    public static async Task DeleteAsync(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && attempt < 4)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder must not fail the tests.
            }
        }
    }
}
