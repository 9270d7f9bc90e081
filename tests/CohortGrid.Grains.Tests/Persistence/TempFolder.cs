namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>A fresh folder under the system temp directory, deleted on dispose (this project does not reference CohortGrid.Testing).</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cohortgrid-grainstate-{Guid.NewGuid():N}");

    public TempFolder() => Directory.CreateDirectory(Path);

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
}
