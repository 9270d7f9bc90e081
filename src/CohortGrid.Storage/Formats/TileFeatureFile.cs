using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// Per-slide tile embeddings as HDF5 in the layout CLAM and TRIDENT read: dataset <c>features</c> (N×D,
/// float32 or float16), dataset <c>coords</c> (N×2 int64, level-0 x then y of each tile's top-left corner),
/// optional dataset <c>slide_vector</c> (D float32), and the <see cref="TileFeatureMetadata"/> as attributes of
/// the root group. Every dataset is contiguous and uncompressed, so h5py slices rows without decoding chunks.
/// </summary>
public static class TileFeatureFile
{
    public const string FeaturesDataset = "features";
    public const string CoordsDataset = "coords";
    public const string SlideVectorDataset = "slide_vector";

    public const string SlideIdAttribute = "slide_id";
    public const string EncoderIdAttribute = "encoder_id";
    public const string EncoderVersionAttribute = "encoder_version";
    public const string MppAttribute = "mpp";
    public const string TileSizeAttribute = "tile_size";
    public const string Level0MppAttribute = "level0_mpp";

    /// <summary>
    /// Writes <paramref name="tiles"/> to <paramref name="path"/>. The file appears only when complete: it is
    /// written under a temporary name in the same folder, flushed to disk and renamed, replacing any file
    /// already there; on failure or cancellation the old file, if any, is left as it was and nothing else
    /// remains. The features are streamed from the caller's memory in blocks of about 4 MiB, never copied whole.
    /// </summary>
    public static void Write(string path, TileFeatures tiles, TileFeatureMetadata metadata, TileFeatureWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(metadata);
        options ??= TileFeatureWriteOptions.Default;
        options.Validate();
        metadata.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var rows = (ulong)tiles.Count;
        var columns = (ulong)tiles.Dimension;

        // Datasets without data are "deferred": PureHDF lays them out contiguously and lets us fill them
        // block by block, which is what keeps a 400 MB matrix from being buffered a second time.
        var halfFeatures = options.Precision == FeaturePrecision.Float16 ? new H5Dataset<Half[]>(fileDims: [rows, columns]) : null;
        var singleFeatures = halfFeatures is null ? new H5Dataset<float[]>(fileDims: [rows, columns]) : null;
        var coords = new H5Dataset<long[]>(fileDims: [rows, 2]);
        var file = new H5File
        {
            [FeaturesDataset] = (H5Dataset?)halfFeatures ?? singleFeatures!,
            [CoordsDataset] = coords,
            Attributes = new()
            {
                [SlideIdAttribute] = metadata.SlideId,
                [EncoderIdAttribute] = metadata.EncoderId,
                [EncoderVersionAttribute] = metadata.EncoderVersion,
                [MppAttribute] = metadata.Mpp,
                [TileSizeAttribute] = (long)metadata.TileSize,
                [Level0MppAttribute] = metadata.Level0Mpp,
            },
        };

        // Deferred like the others, or PureHDF would store a small vector compact; one layout for all is simpler to describe.
        var slideVector = tiles.HasSlideVector ? new H5Dataset<float[]>(fileDims: [columns]) : null;
        if (slideVector is not null)
        {
            file[SlideVectorDataset] = slideVector;
        }

        using var pending = PendingFile.Create(path);
        using (var writer = file.BeginWrite(pending.Stream))
        {
            var blockRows = options.BlockRows(tiles.Dimension, sizeof(float));
            if (halfFeatures is not null)
            {
                WriteRowsAsHalf(writer, halfFeatures, tiles.Features, tiles.Dimension, blockRows, cancellationToken);
            }
            else
            {
                WriteRows(writer, singleFeatures!, tiles.Features, tiles.Dimension, blockRows, cancellationToken);
            }

            WriteRows(writer, coords, tiles.Coords, 2, options.BlockRows(2, sizeof(long)), cancellationToken);
            if (slideVector is not null)
            {
                writer.Write(slideVector, tiles.SlideVector.ToArray());
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        pending.Commit();
    }

    /// <summary>Reads the attributes and shapes of a tile feature file without loading its arrays.</summary>
    /// <exception cref="InvalidDataException">The file lacks a dataset or attribute, or one has the wrong type or shape.</exception>
    public static TileFeatureFileHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = H5File.OpenRead(path);
        return ReadHeader(file, path);
    }

    /// <summary>Reads a whole tile feature file; float16 features are widened to float32.</summary>
    /// <exception cref="InvalidDataException">The file lacks a dataset or attribute, or one has the wrong type or shape.</exception>
    public static TileFeatureFileContent Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = H5File.OpenRead(path);
        var header = ReadHeader(file, path);

        var featureDataset = file.Dataset(FeaturesDataset);
        var features = header.Count == 0
            ? []
            : header.Precision == FeaturePrecision.Float16
                ? ReadHalfAsSingle(featureDataset, header.Count, header.Dimension, cancellationToken)
                : featureDataset.Read<float[]>();

        var coordsDataset = file.Dataset(CoordsDataset);
        var coords = header.Count == 0
            ? []
            : coordsDataset.Type.Size == sizeof(long)
                ? coordsDataset.Read<long[]>()
                : Array.ConvertAll(coordsDataset.Read<int[]>(), value => (long)value);

        var slideVector = header.HasSlideVector ? file.Dataset(SlideVectorDataset).Read<float[]>() : [];
        return new TileFeatureFileContent(header, new TileFeatures(features, header.Dimension, coords, slideVector));
    }

    private static TileFeatureFileHeader ReadHeader(IH5Group file, string path)
    {
        var features = RequireDataset(file, FeaturesDataset, path);
        var featureDims = features.Space.Dimensions;
        if (featureDims.Length != 2 || featureDims[1] == 0 || featureDims[0] > int.MaxValue || featureDims[0] * featureDims[1] > int.MaxValue)
        {
            throw new InvalidDataException($"{path}: '{FeaturesDataset}' must be an N×D matrix of at most 2^31 values, found shape ({string.Join(", ", featureDims)}).");
        }

        var precision = (features.Type.Class, features.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => FeaturePrecision.Float32,
            (H5DataTypeClass.FloatingPoint, 2) => FeaturePrecision.Float16,
            var (typeClass, size) => throw new InvalidDataException($"{path}: '{FeaturesDataset}' must be float32 or float16, found {typeClass} of {size} bytes."),
        };

        var count = (int)featureDims[0];
        var dimension = (int)featureDims[1];
        var coords = RequireDataset(file, CoordsDataset, path);
        var coordDims = coords.Space.Dimensions;
        if (coordDims.Length != 2 || coordDims[0] != (ulong)count || coordDims[1] != 2)
        {
            throw new InvalidDataException($"{path}: '{CoordsDataset}' must be {count}×2 to match '{FeaturesDataset}', found shape ({string.Join(", ", coordDims)}).");
        }

        if (coords.Type.Class != H5DataTypeClass.FixedPoint || coords.Type.Size is not (sizeof(long) or sizeof(int)))
        {
            throw new InvalidDataException($"{path}: '{CoordsDataset}' must be int64 (or int32), found {coords.Type.Class} of {coords.Type.Size} bytes.");
        }

        var hasSlideVector = file.LinkExists(SlideVectorDataset);
        if (hasSlideVector)
        {
            var slideVector = file.Dataset(SlideVectorDataset);
            if (slideVector.Space.Dimensions is not [var length] || length != (ulong)dimension ||
                slideVector.Type.Class != H5DataTypeClass.FloatingPoint || slideVector.Type.Size != sizeof(float))
            {
                throw new InvalidDataException($"{path}: '{SlideVectorDataset}' must be {dimension} float32 values.");
            }
        }

        var metadata = new TileFeatureMetadata
        {
            SlideId = ReadString(file, SlideIdAttribute, path),
            EncoderId = ReadString(file, EncoderIdAttribute, path),
            EncoderVersion = ReadString(file, EncoderVersionAttribute, path),
            Mpp = ReadDouble(file, MppAttribute, path),
            TileSize = ReadInt(file, TileSizeAttribute, path),
            Level0Mpp = ReadDouble(file, Level0MppAttribute, path),
        };
        return new TileFeatureFileHeader(metadata, count, dimension, precision, hasSlideVector);
    }

    private static void WriteRows<T>(H5NativeWriter writer, H5Dataset<T[]> dataset, ReadOnlyMemory<T> source, int columns, int blockRows, CancellationToken cancellationToken)
    {
        var rows = source.Length / columns;
        if (MemoryMarshal.TryGetArray(source, out var segment))
        {
            // The common case: hand PureHDF the caller's own array with a window on it.
            for (var row = 0; row < rows; row += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(blockRows, rows - row);
                writer.Write(dataset, segment.Array!, Window(segment.Offset + ((long)row * columns), (long)count * columns), RowBlock(row, count, columns));
            }

            return;
        }

        // PureHDF 2.2 writes zeros when a deferred dataset is handed a Memory<T>, so only arrays are passed:
        // memory that is not one (native, memory-mapped) goes through a block-sized buffer.
        var buffer = ArrayPool<T>.Shared.Rent(Math.Min(blockRows, rows) * columns);
        try
        {
            for (var row = 0; row < rows; row += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(blockRows, rows - row);
                source.Span.Slice(row * columns, count * columns).CopyTo(buffer);
                writer.Write(dataset, buffer, Window(0, (long)count * columns), RowBlock(row, count, columns));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    private static void WriteRowsAsHalf(H5NativeWriter writer, H5Dataset<Half[]> dataset, ReadOnlyMemory<float> source, int columns, int blockRows, CancellationToken cancellationToken)
    {
        var rows = source.Length / columns;
        var buffer = ArrayPool<Half>.Shared.Rent(Math.Min(blockRows, rows) * columns);
        try
        {
            for (var row = 0; row < rows; row += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(blockRows, rows - row);
                TensorPrimitives.ConvertToHalf(source.Span.Slice(row * columns, count * columns), buffer.AsSpan(0, count * columns));
                writer.Write(dataset, buffer, Window(0, (long)count * columns), RowBlock(row, count, columns));
            }
        }
        finally
        {
            ArrayPool<Half>.Shared.Return(buffer);
        }
    }

    private static float[] ReadHalfAsSingle(IH5Dataset dataset, int rows, int columns, CancellationToken cancellationToken)
    {
        // Block by block, so widening never holds the whole float16 matrix next to the float32 one.
        var result = new float[rows * columns];
        var blockRows = TileFeatureWriteOptions.Default.BlockRows(columns, sizeof(float));
        var buffer = new Half[Math.Min(blockRows, rows) * columns];
        for (var row = 0; row < rows; row += blockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(blockRows, rows - row);
            dataset.Read(buffer, RowBlock(row, count, columns), Window(0, (long)count * columns), [(ulong)buffer.Length]);
            TensorPrimitives.ConvertToSingle(buffer.AsSpan(0, count * columns), result.AsSpan(row * columns, count * columns));
        }

        return result;
    }

    private static HyperslabSelection Window(long start, long length) => new((ulong)start, (ulong)length);

    private static HyperslabSelection RowBlock(int row, int count, int columns) =>
        new(rank: 2, starts: [(ulong)row, 0], blocks: [(ulong)count, (ulong)columns]);

    private static IH5Dataset RequireDataset(IH5Group file, string name, string path) =>
        file.LinkExists(name)
            ? file.Dataset(name)
            : throw new InvalidDataException($"{path}: dataset '{name}' is missing; not a tile feature file?");

    private static IH5Attribute RequireAttribute(IH5Group file, string name, string path) =>
        file.AttributeExists(name)
            ? file.Attribute(name)
            : throw new InvalidDataException($"{path}: root attribute '{name}' is missing.");

    private static string ReadString(IH5Group file, string name, string path)
    {
        var attribute = RequireAttribute(file, name, path);
        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? attribute.Read<string>()
            : throw new InvalidDataException($"{path}: root attribute '{name}' must be a string, found {attribute.Type.Class}.");
    }

    private static double ReadDouble(IH5Group file, string name, string path)
    {
        var attribute = RequireAttribute(file, name, path);
        return (attribute.Type.Class, attribute.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, sizeof(double)) => attribute.Read<double>(),
            (H5DataTypeClass.FloatingPoint, sizeof(float)) => attribute.Read<float>(),
            var (typeClass, size) => throw new InvalidDataException($"{path}: root attribute '{name}' must be float64, found {typeClass} of {size} bytes."),
        };
    }

    private static int ReadInt(IH5Group file, string name, string path)
    {
        var attribute = RequireAttribute(file, name, path);
        var value = (attribute.Type.Class, attribute.Type.Size) switch
        {
            (H5DataTypeClass.FixedPoint, sizeof(long)) => attribute.Read<long>(),
            (H5DataTypeClass.FixedPoint, sizeof(int)) => attribute.Read<int>(),
            var (typeClass, size) => throw new InvalidDataException($"{path}: root attribute '{name}' must be an integer, found {typeClass} of {size} bytes."),
        };
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"{path}: root attribute '{name}' is {value}, out of range.");
    }
}
