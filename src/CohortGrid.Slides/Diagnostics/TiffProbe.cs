using System.Buffers.Binary;

namespace CohortGrid.Slides.Diagnostics;

/// <summary>
/// Reads just enough of a TIFF (classic or BigTIFF) to explain why OpenSlide refused it: the
/// directories, whether they are tiled, and whether any data lies past the end of the file.
/// </summary>
internal sealed class TiffProbe
{
    private const int MaxDirectories = 4096;
    private const ushort ImageWidthTag = 256;
    private const ushort ImageLengthTag = 257;
    private const ushort BitsPerSampleTag = 258;
    private const ushort CompressionTag = 259;
    private const ushort PhotometricTag = 262;
    private const ushort SamplesPerPixelTag = 277;
    private const ushort PlanarConfigurationTag = 284;
    private const ushort StripOffsetsTag = 273;
    private const ushort StripByteCountsTag = 279;
    private const ushort TileWidthTag = 322;
    private const ushort TileLengthTag = 323;
    private const ushort TileOffsetsTag = 324;
    private const ushort TileByteCountsTag = 325;

    private readonly Stream _stream;
    private readonly bool _littleEndian;
    private readonly bool _bigTiff;
    private readonly bool _measureData;

    private TiffProbe(Stream stream, bool littleEndian, bool bigTiff, bool measureData)
    {
        _stream = stream;
        _littleEndian = littleEndian;
        _bigTiff = bigTiff;
        _measureData = measureData;
    }

    /// <summary>Directories in file order.</summary>
    public List<TiffDirectory> Directories { get; } = [];

    /// <summary>Offset of a directory that starts beyond the end of the file, if any.</summary>
    public long? DirectoryBeyondEnd { get; private set; }

    public static bool HasTiffHeader(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] is 42 or 43 && head[3] == 0) ||
                             (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] is 42 or 43));

    /// <summary>
    /// Probes a stream that starts with a TIFF header. <paramref name="measureData"/> also finds where
    /// the furthest tile ends (to detect truncation), which reads every tile offset and is slower.
    /// </summary>
    public static TiffProbe Read(Stream stream, bool measureData = false)
    {
        Span<byte> header = stackalloc byte[16];
        stream.Position = 0;
        stream.ReadAtLeast(header, 8, throwOnEndOfStream: true);
        var little = header[0] == 'I';
        var version = little ? BinaryPrimitives.ReadUInt16LittleEndian(header[2..]) : BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        var probe = new TiffProbe(stream, little, version == 43, measureData);
        long next;
        if (probe._bigTiff)
        {
            stream.Position = 0;
            stream.ReadAtLeast(header, 16, throwOnEndOfStream: true);
            next = (long)probe.U64(header[8..]);
        }
        else
        {
            next = probe.U32(header[4..]);
        }

        var seen = new HashSet<long>();
        while (next != 0 && probe.Directories.Count < MaxDirectories && seen.Add(next))
        {
            if (next < 0 || next >= stream.Length)
            {
                probe.DirectoryBeyondEnd = next;
                break;
            }

            next = probe.ReadDirectory(next);
        }

        return probe;
    }

    private long ReadDirectory(long offset)
    {
        var countSize = _bigTiff ? 8 : 2;
        var entrySize = _bigTiff ? 20 : 12;
        var count = (long)ReadUnsigned(offset, countSize);
        long width = 0, height = 0, dataEnd = 0;
        int compression = 1, photometric = 0, samples = 1, bits = 1, planar = 1, tileWidth = 0, tileHeight = 0;
        (long Type, long Count, long ValueOffset)? offsets = null, byteCounts = null;
        for (var i = 0; i < count; i++)
        {
            var entry = offset + countSize + (i * entrySize);
            if (entry + entrySize > _stream.Length)
            {
                DirectoryBeyondEnd = entry;
                break;
            }

            var tag = (ushort)ReadUnsigned(entry, 2);
            var type = (long)ReadUnsigned(entry + 2, 2);
            var n = (long)ReadUnsigned(entry + 4, _bigTiff ? 8 : 4);
            var valueField = entry + (_bigTiff ? 12 : 8);
            switch (tag)
            {
                case ImageWidthTag:
                    width = (long)ReadValue(valueField, type);
                    break;
                case ImageLengthTag:
                    height = (long)ReadValue(valueField, type);
                    break;
                case CompressionTag:
                    compression = (int)ReadValue(valueField, type);
                    break;
                case PhotometricTag:
                    photometric = (int)ReadValue(valueField, type);
                    break;
                case SamplesPerPixelTag:
                    samples = (int)ReadValue(valueField, type);
                    break;
                case BitsPerSampleTag:
                    bits = (int)ReadUnsigned(ArrayStart((type, n, valueField)), TypeSize(type));
                    break;
                case PlanarConfigurationTag:
                    planar = (int)ReadValue(valueField, type);
                    break;
                case TileWidthTag:
                    tileWidth = (int)ReadValue(valueField, type);
                    break;
                case TileLengthTag:
                    tileHeight = (int)ReadValue(valueField, type);
                    break;
                case TileOffsetsTag or StripOffsetsTag:
                    offsets = (type, n, valueField);
                    break;
                case TileByteCountsTag or StripByteCountsTag:
                    byteCounts = (type, n, valueField);
                    break;
            }
        }

        if (_measureData && offsets is { } o && byteCounts is { } b)
        {
            dataEnd = DataEnd(o, b);
        }

        Directories.Add(new TiffDirectory(Directories.Count, offset, width, height, tileWidth, tileHeight, compression, photometric, samples, bits, planar, dataEnd));
        var nextField = offset + countSize + (count * entrySize);
        return nextField + (_bigTiff ? 8 : 4) <= _stream.Length ? (long)ReadUnsigned(nextField, _bigTiff ? 8 : 4) : 0;
    }

    private long DataEnd((long Type, long Count, long Field) offsets, (long Type, long Count, long Field) counts)
    {
        var n = Math.Min(Math.Min(offsets.Count, counts.Count), 1 << 20);
        var offsetAt = ArrayStart(offsets);
        var countAt = ArrayStart(counts);
        long end = 0;
        for (var i = 0; i < n; i++)
        {
            var start = (long)ReadUnsigned(offsetAt + (i * TypeSize(offsets.Type)), TypeSize(offsets.Type));
            var length = (long)ReadUnsigned(countAt + (i * TypeSize(counts.Type)), TypeSize(counts.Type));
            end = Math.Max(end, start + length);
        }

        return end;
    }

    // Values that fit in the entry's value field are stored inline; larger arrays live at an offset.
    private long ArrayStart((long Type, long Count, long Field) entry)
    {
        var inline = _bigTiff ? 8 : 4;
        return TypeSize(entry.Type) * entry.Count <= inline ? entry.Field : (long)ReadUnsigned(entry.Field, inline);
    }

    private static int TypeSize(long type) => type switch
    {
        3 => 2,  // SHORT
        4 => 4,  // LONG
        16 => 8, // LONG8
        _ => 4,
    };

    private ulong ReadValue(long field, long type) => ReadUnsigned(field, TypeSize(type));

    private ulong ReadUnsigned(long position, int size)
    {
        if (position < 0 || position + size > _stream.Length)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[8];
        _stream.Position = position;
        _stream.ReadExactly(buffer[..size]);
        return size switch
        {
            2 => _littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(buffer) : BinaryPrimitives.ReadUInt16BigEndian(buffer),
            4 => U32(buffer),
            _ => U64(buffer),
        };
    }

    private uint U32(ReadOnlySpan<byte> b) => _littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private ulong U64(ReadOnlySpan<byte> b) => _littleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
}
