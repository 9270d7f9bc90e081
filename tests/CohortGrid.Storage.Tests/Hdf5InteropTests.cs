using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests;

/// <summary>
/// Reads our files with the HDF Group's own library through h5dump (Debian package hdf5-tools), which h5py
/// and hdf5r are built on (see <see cref="H5Dump"/>: skipped where it is not installed, failed under CI).
/// </summary>
public sealed class Hdf5InteropTests
{
    [Fact]
    public void Reference_HDF5_library_reads_types_shapes_and_attributes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("interop.h5");
        var tiles = new TileFeatures(new float[] { 0.5f, -1.25f, 2f, 3.5f, 4f, -5f }, 2, [(10L, 20L), (30L, 40L), (5_000_000_000L, 60L)], new float[] { 2.125f, -0.75f });
        TileFeatureFile.Write(path, tiles, TestFeatures.Metadata, new TileFeatureWriteOptions { Precision = FeaturePrecision.Float16 }, TestContext.Current.CancellationToken);

        var dump = H5Dump.Run(path);

        // HDF5 1.14.4 and later name the half type; older releases (Debian 12 has 1.10) describe it.
        Assert.Matches(@"DATASET ""features"" \{\s*DATATYPE\s+(H5T_IEEE_F16LE|16-bit little-endian floating-point)", dump);
        Assert.Contains("H5T_STD_I64LE", dump, StringComparison.Ordinal);
        Assert.Contains("H5T_IEEE_F32LE", dump, StringComparison.Ordinal);
        Assert.Contains("SIMPLE { ( 3, 2 ) / ( 3, 2 ) }", dump, StringComparison.Ordinal);
        Assert.Contains("5000000000, 60", dump, StringComparison.Ordinal);
        Assert.Contains("-1.25", dump, StringComparison.Ordinal);
        Assert.Contains("\"TCGA-A1-0001-01Z-00-DX1\"", dump, StringComparison.Ordinal);
        Assert.Contains("0.2428", dump, StringComparison.Ordinal);
    }
}
