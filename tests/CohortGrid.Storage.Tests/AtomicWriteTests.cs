using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests;

public sealed class AtomicWriteTests
{
    private static readonly TileFeatureWriteOptions SmallBlocks = new() { RowsPerBlock = 10 };

    [Fact]
    public void Failed_h5_write_leaves_neither_target_nor_temporary_file()
    {
        using var temp = new TempDirectory();
        var tiles = FailingOnRead(3, _ => throw new IOException("source vanished"));

        Assert.Throws<IOException>(() => TileFeatureFile.Write(temp.File("slide.h5"), tiles, TestFeatures.Metadata, SmallBlocks, TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Cancelled_h5_write_leaves_neither_target_nor_temporary_file()
    {
        using var temp = new TempDirectory();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var tiles = FailingOnRead(2, _ => cancellation.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() => TileFeatureFile.Write(temp.File("slide.h5"), tiles, TestFeatures.Metadata, SmallBlocks, cancellation.Token));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Failed_h5_rewrite_keeps_the_previous_file_intact()
    {
        using var temp = new TempDirectory();
        var path = temp.File("slide.h5");
        TileFeatureFile.Write(path, TestFeatures.Random(37, 64, seed: 7), TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);
        var before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => TileFeatureFile.Write(path, FailingOnRead(3, _ => throw new IOException("source vanished")), TestFeatures.Metadata, SmallBlocks, TestContext.Current.CancellationToken));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Failed_npy_set_write_leaves_no_file_of_the_set()
    {
        using var temp = new TempDirectory();

        // Coordinates and slide vector are already in temporary files when the features fail.
        Assert.Throws<IOException>(() => TileFeatureNpy.Write(temp.File("slide"), FailingOnRead(1, _ => throw new IOException("source vanished")), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Cancelled_npy_set_write_leaves_the_previous_set_intact()
    {
        using var temp = new TempDirectory();
        var paths = TileFeatureNpy.Write(temp.File("slide"), TestFeatures.Random(37, 64, seed: 8), cancellationToken: TestContext.Current.CancellationToken);
        var before = Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        Assert.ThrowsAny<OperationCanceledException>(() => TileFeatureNpy.Write(temp.File("slide"), FailingOnRead(1, _ => cancellation.Cancel()), cancellationToken: cancellation.Token));

        Assert.Equal(
            new[] { paths.Features, paths.Coords, paths.SlideVector }.Order(StringComparer.Ordinal),
            Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal));
        Assert.Equal(before, Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
    }

    [Fact]
    public void Failed_npy_file_write_leaves_no_file()
    {
        using var temp = new TempDirectory();

        Assert.Throws<ArgumentException>(() => NpyFile.Write(temp.File("bad.npy"), new float[5], 2, 3));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    /// <summary>40 tiles whose features are read from non-array memory; <paramref name="onRead"/> runs on read number <paramref name="failingRead"/>.</summary>
    private static TileFeatures FailingOnRead(int failingRead, Action<int> onRead)
    {
        var features = TestFeatures.RandomFeatures(40, 8, seed: 9);
        var memory = new ObservedMemory<float>(features, read =>
        {
            if (read == failingRead)
            {
                onRead(read);
            }
        });
        return new TileFeatures(memory.Memory, 8, TestFeatures.GridCoords(40), new float[8]);
    }
}
