using CohortGrid.Storage.Formats;
using CohortGrid.Testing;
using PureHDF;

namespace CohortGrid.Storage.Tests;

public sealed class TileFeatureFileTests
{
    [Fact]
    public void Features_coords_attributes_and_slide_vector_round_trip()
    {
        using var temp = new TempDirectory();
        var path = temp.File("slide.h5");
        var tiles = TestFeatures.Random(count: 37, dimension: 64, seed: 1);

        TileFeatureFile.Write(path, tiles, TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        var read = TileFeatureFile.Read(path, TestContext.Current.CancellationToken);
        Assert.Equal(TestFeatures.Metadata, read.Metadata);
        Assert.Equal(new TileFeatureFileHeader(TestFeatures.Metadata, 37, 64, FeaturePrecision.Float32, HasSlideVector: true), read.Header);
        Assert.Equal(37, read.Tiles.Count);
        Assert.Equal(64, read.Tiles.Dimension);
        Assert.Equal(tiles.Features.ToArray(), read.Tiles.Features.ToArray());
        Assert.Equal(tiles.Coords.ToArray(), read.Tiles.Coords.ToArray());
        Assert.Equal(tiles.SlideVector.ToArray(), read.Tiles.SlideVector.ToArray());
        Assert.Equal((5_000_000_000L + 448, 448L), read.Tiles.Coordinate(8));
    }

    [Fact]
    public void Datasets_have_the_shapes_and_types_h5py_users_expect()
    {
        using var temp = new TempDirectory();
        var path = temp.File("layout.h5");

        TileFeatureFile.Write(path, TestFeatures.Random(37, 64, seed: 2), TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        using var file = H5File.OpenRead(path);
        var features = file.Dataset("features");
        Assert.Equal([37UL, 64UL], features.Space.Dimensions);
        Assert.Equal((H5DataTypeClass.FloatingPoint, 4), (features.Type.Class, features.Type.Size));
        var coords = file.Dataset("coords");
        Assert.Equal([37UL, 2UL], coords.Space.Dimensions);
        Assert.Equal((H5DataTypeClass.FixedPoint, 8), (coords.Type.Class, coords.Type.Size));
        Assert.Equal([64UL], file.Dataset("slide_vector").Space.Dimensions);
        Assert.Equal(
            ["encoder_id", "encoder_version", "level0_mpp", "mpp", "slide_id", "tile_size"],
            file.Attributes().Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(224L, file.Attribute("tile_size").Read<long>());
        Assert.Equal("uni_v2", file.Attribute("encoder_id").Read<string>());
    }

    [Fact]
    public void File_starts_with_the_HDF5_signature()
    {
        using var temp = new TempDirectory();
        var path = temp.File("signature.h5");

        TileFeatureFile.Write(path, TestFeatures.Random(3, 4, seed: 3), TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'], File.ReadAllBytes(path)[..8]);
    }

    [Fact]
    public void Slide_without_tissue_is_a_valid_file_with_empty_datasets()
    {
        using var temp = new TempDirectory();
        var path = temp.File("empty.h5");

        TileFeatureFile.Write(path, TileFeatures.Empty(1024), TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        var read = TileFeatureFile.Read(path, TestContext.Current.CancellationToken);
        Assert.Equal(0, read.Tiles.Count);
        Assert.Equal(1024, read.Tiles.Dimension);
        Assert.True(read.Tiles.Features.IsEmpty);
        Assert.True(read.Tiles.Coords.IsEmpty);
        Assert.False(read.Header.HasSlideVector);
        using var file = H5File.OpenRead(path);
        Assert.Equal([0UL, 1024UL], file.Dataset("features").Space.Dimensions);
        Assert.Equal([0UL, 2UL], file.Dataset("coords").Space.Dimensions);
    }

    [Fact]
    public void Mean_pooling_an_empty_slide_gives_no_slide_vector()
    {
        Assert.Null(TileFeatures.MeanPool([], 64));
        Assert.Equal([2f, 3f], TileFeatures.MeanPool([1f, 2f, 3f, 4f], 2)!);
    }

    [Fact]
    public void Float16_features_are_stored_as_native_half_and_read_back_within_half_precision()
    {
        using var temp = new TempDirectory();
        var path = temp.File("half.h5");
        var tiles = TestFeatures.Random(37, 64, seed: 4);

        TileFeatureFile.Write(path, tiles, TestFeatures.Metadata, new TileFeatureWriteOptions { Precision = FeaturePrecision.Float16 }, TestContext.Current.CancellationToken);

        using (var file = H5File.OpenRead(path))
        {
            var features = file.Dataset("features");
            Assert.Equal((H5DataTypeClass.FloatingPoint, 2), (features.Type.Class, features.Type.Size));
            Assert.Equal((H5DataTypeClass.FloatingPoint, 4), (file.Dataset("slide_vector").Type.Class, file.Dataset("slide_vector").Type.Size));
        }

        var read = TileFeatureFile.Read(path, TestContext.Current.CancellationToken);
        Assert.Equal(FeaturePrecision.Float16, read.Header.Precision);
        var expected = tiles.Features.Span;
        var actual = read.Tiles.Features.Span;
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Round to nearest: exactly the half closest to the input, so within half an ulp (2^-11 relative).
            Assert.Equal((float)(Half)expected[i], actual[i]);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Math.Abs(expected[i]) * MathF.Pow(2, -11), $"value {i}: {expected[i]} read back as {actual[i]}");
        }

        Assert.Equal(tiles.SlideVector.ToArray(), read.Tiles.SlideVector.ToArray());
        Assert.Equal(tiles.Coords.ToArray(), read.Tiles.Coords.ToArray());
    }

    [Fact]
    public void Features_written_in_many_blocks_match_a_single_block_write()
    {
        using var temp = new TempDirectory();
        var features = TestFeatures.RandomFeatures(37, 16, seed: 5);
        var coords = TestFeatures.GridCoords(37);
        var fromArray = new TileFeatures(features, 16, coords);
        var notAnArray = new TileFeatures(new ObservedMemory<float>(features, _ => { }).Memory, 16, new ObservedMemory<long>(coords, _ => { }).Memory);
        var blocks = new TileFeatureWriteOptions { RowsPerBlock = 5 };

        TileFeatureFile.Write(temp.File("array.h5"), fromArray, TestFeatures.Metadata, blocks, TestContext.Current.CancellationToken);
        TileFeatureFile.Write(temp.File("memory.h5"), notAnArray, TestFeatures.Metadata, blocks, TestContext.Current.CancellationToken);
        TileFeatureFile.Write(temp.File("half.h5"), notAnArray, TestFeatures.Metadata, blocks with { Precision = FeaturePrecision.Float16 }, TestContext.Current.CancellationToken);

        Assert.Equal(features, TileFeatureFile.Read(temp.File("array.h5"), TestContext.Current.CancellationToken).Tiles.Features.ToArray());
        Assert.Equal(features, TileFeatureFile.Read(temp.File("memory.h5"), TestContext.Current.CancellationToken).Tiles.Features.ToArray());
        Assert.Equal(coords, TileFeatureFile.Read(temp.File("memory.h5"), TestContext.Current.CancellationToken).Tiles.Coords.ToArray());
        Assert.Equal(
            features.Select(value => (float)(Half)value),
            TileFeatureFile.Read(temp.File("half.h5"), TestContext.Current.CancellationToken).Tiles.Features.ToArray());
    }

    [Fact]
    public void Float16_matrix_larger_than_one_read_block_reads_back_in_order()
    {
        using var temp = new TempDirectory();
        var path = temp.File("large-half.h5");

        // Reads widen about 4 MiB of float32 at a time: 256 rows of 4096, so 600 rows take three blocks.
        var tiles = TestFeatures.Random(600, 4096, seed: 14);
        TileFeatureFile.Write(path, tiles, TestFeatures.Metadata, new TileFeatureWriteOptions { Precision = FeaturePrecision.Float16 }, TestContext.Current.CancellationToken);

        var read = TileFeatureFile.Read(path, TestContext.Current.CancellationToken);
        var expected = tiles.Features.Span;
        var actual = read.Tiles.Features.Span;
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if ((float)(Half)expected[i] != actual[i])
            {
                Assert.Fail($"value {i} (row {i / 4096}): expected {(float)(Half)expected[i]}, read {actual[i]}");
            }
        }
    }

    [Fact]
    public void Coordinates_given_as_pairs_are_stored_x_then_y()
    {
        using var temp = new TempDirectory();
        var path = temp.File("pairs.h5");
        var tiles = new TileFeatures(new float[6], 2, [(10L, 20L), (30L, 40L), (50L, 60L)]);

        TileFeatureFile.Write(path, tiles, TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        using var file = H5File.OpenRead(path);
        Assert.Equal([10L, 20L, 30L, 40L, 50L, 60L], file.Dataset("coords").Read<long[]>());
    }

    [Fact]
    public void Header_is_read_without_the_arrays()
    {
        using var temp = new TempDirectory();
        var path = temp.File("header.h5");

        TileFeatureFile.Write(path, TestFeatures.Random(37, 64, seed: 6, slideVector: false), TestFeatures.Metadata, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new TileFeatureFileHeader(TestFeatures.Metadata, 37, 64, FeaturePrecision.Float32, HasSlideVector: false), TileFeatureFile.ReadHeader(path));
    }

    [Fact]
    public void Mismatched_shapes_and_bad_metadata_are_refused_with_the_field_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new TileFeatures(new float[10], 4, new long[4]));
        Assert.Equal("features", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => new TileFeatures(new float[8], 4, new long[6]));
        Assert.Equal("coords", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => new TileFeatures(new float[8], 4, new long[4], new float[3]));
        Assert.Equal("slideVector", error.ParamName);

        using var temp = new TempDirectory();
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TileFeatureFile.Write(temp.File("bad.h5"), TileFeatures.Empty(4), TestFeatures.Metadata with { Mpp = 0 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("Mpp", outOfRange.ParamName);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_file_that_is_not_tile_features_is_refused_with_the_missing_part_named()
    {
        using var temp = new TempDirectory();
        var path = temp.File("other.h5");
        new H5File { ["embeddings"] = new float[] { 1, 2, 3 } }.Write(path);

        var error = Assert.Throws<InvalidDataException>(() => TileFeatureFile.Read(path, TestContext.Current.CancellationToken));
        Assert.Contains("'features'", error.Message, StringComparison.Ordinal);
    }
}
