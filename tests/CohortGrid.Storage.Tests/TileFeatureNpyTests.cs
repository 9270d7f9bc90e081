using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests;

public sealed class TileFeatureNpyTests
{
    [Fact]
    public void Features_coords_and_slide_vector_are_written_side_by_side()
    {
        using var temp = new TempDirectory();
        var tiles = TestFeatures.Random(37, 64, seed: 11);

        var paths = TileFeatureNpy.Write(temp.File("slide-1"), tiles, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new TileFeatureNpyPaths(temp.File("slide-1.npy"), temp.File("slide-1.coords.npy"), temp.File("slide-1.slide_vector.npy")), paths);
        var features = NpyFile.Read<float>(paths.Features);
        Assert.Equal([37L, 64L], features.Shape);
        Assert.Equal(tiles.Features.ToArray(), features.Data);
        var coords = NpyFile.Read<long>(paths.Coords);
        Assert.Equal([37L, 2L], coords.Shape);
        Assert.Equal(tiles.Coords.ToArray(), coords.Data);
        var slideVector = NpyFile.Read<float>(paths.SlideVector);
        Assert.Equal([64L], slideVector.Shape);
        Assert.Equal(tiles.SlideVector.ToArray(), slideVector.Data);
    }

    [Fact]
    public void Base_path_may_name_the_features_file()
    {
        Assert.Equal(TileFeatureNpy.GetPaths("/data/out/s1"), TileFeatureNpy.GetPaths("/data/out/s1.npy"));
    }

    [Fact]
    public void Float16_option_stores_only_the_features_as_half()
    {
        using var temp = new TempDirectory();
        var tiles = TestFeatures.Random(37, 64, seed: 12);

        var paths = TileFeatureNpy.Write(temp.File("half"), tiles, new TileFeatureWriteOptions { Precision = FeaturePrecision.Float16 }, TestContext.Current.CancellationToken);

        Assert.Equal("<f2", NpyFile.ReadHeader(paths.Features).Descr);
        Assert.Equal("<i8", NpyFile.ReadHeader(paths.Coords).Descr);
        Assert.Equal("<f4", NpyFile.ReadHeader(paths.SlideVector).Descr);
        Assert.Equal(
            tiles.Features.ToArray().Select(value => (Half)value),
            NpyFile.Read<Half>(paths.Features).Data);
    }

    [Fact]
    public void Rewrite_without_slide_vector_removes_the_stale_one()
    {
        using var temp = new TempDirectory();
        var paths = TileFeatureNpy.Write(temp.File("slide"), TestFeatures.Random(5, 8, seed: 13), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(File.Exists(paths.SlideVector));

        TileFeatureNpy.Write(temp.File("slide"), TileFeatures.Empty(8), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(File.Exists(paths.SlideVector));
        Assert.Equal([0L, 8L], NpyFile.Read<float>(paths.Features).Shape);
        Assert.Equal([0L, 2L], NpyFile.Read<long>(paths.Coords).Shape);
    }
}
