namespace CohortGrid.Testing;

/// <summary>
/// The HDF Group's own reader, h5dump (Debian package hdf5-tools, installed by scripts/setup.sh): an independent
/// check of the HDF5 files we write with PureHDF. Missing, it skips the test, or fails it under CI=true.
/// </summary>
public static class H5Dump
{
    private static readonly string? Executable = new[] { "/usr/bin/h5dump", "/usr/local/bin/h5dump" }.FirstOrDefault(File.Exists);

    /// <summary>The dump of <paramref name="path"/> (with <paramref name="arguments"/> before it, e.g. <c>-H</c> for the header only).</summary>
    public static string Run(string path, params string[] arguments)
    {
        if (Executable is null)
        {
            Prerequisite.Missing("h5dump (Debian hdf5-tools) is not installed; ./test.sh installs it.");
        }

        return Prerequisite.Run(Executable!, [.. arguments, path]);
    }
}
