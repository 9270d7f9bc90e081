using System.Buffers.Binary;

namespace CohortGrid.SampleData.Tiff;

/// <summary>
/// Serialises one TIFF directory (IFD) in classic or BigTIFF form: the out-of-line values first, then
/// the entries sorted by tag, then the next-directory field. Little-endian only.
/// </summary>
internal sealed class TiffDirectoryBuilder
{
    private const ushort AsciiType = 2;
    private const ushort ShortType = 3;
    private const ushort LongType = 4;
    private const ushort RationalType = 5;
    private const ushort Long8Type = 16;

    private readonly SortedDictionary<ushort, Entry> _entries = [];

    public void AddShort(ushort tag, params ReadOnlySpan<ushort> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        Add(tag, ShortType, values.Length, bytes);
    }

    public void AddLong(ushort tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Add(tag, LongType, 1, bytes);
    }

    public void AddRational(ushort tag, uint numerator, uint denominator)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, numerator);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), denominator);
        Add(tag, RationalType, 1, bytes);
    }

    /// <summary>ASCII text, NUL-terminated as TIFF requires; characters outside 7-bit ASCII become '?'.</summary>
    public void AddAscii(ushort tag, string text)
    {
        var bytes = new byte[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] is >= ' ' and <= '~' or '\n' or '\r' or '\t' ? (byte)text[i] : (byte)'?';
        }

        Add(tag, AsciiType, bytes.Length, bytes);
    }

    /// <summary>Offsets: LONG in classic TIFF, LONG8 in BigTIFF (decided when serialised).</summary>
    public void AddOffsets(ushort tag, long[] offsets) => _entries[tag] = new Entry(0, offsets.Length, null, offsets);

    public void AddLongs(ushort tag, ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), checked((uint)values[i]));
        }

        Add(tag, LongType, values.Length, bytes);
    }

    /// <summary>Bytes <see cref="Serialize"/> will produce, without building them.</summary>
    public long Size(bool bigTiff)
    {
        var inline = bigTiff ? 8 : 4;
        long size = (bigTiff ? 8 : 2) + (_entries.Count * (bigTiff ? 20L : 12L)) + inline;
        foreach (var entry in _entries.Values)
        {
            long length = entry.Offsets is { } offsets ? offsets.Length * (bigTiff ? 8L : 4L) : entry.Bytes!.Length;
            if (length > inline)
            {
                size += length + (length % 2);
            }
        }

        return size;
    }

    /// <summary>
    /// The directory as it must be written at <paramref name="start"/> (an even file position), and
    /// where within it the IFD itself and its next-directory field lie.
    /// </summary>
    public (byte[] Block, long IfdOffset, int NextFieldIndex) Serialize(long start, bool bigTiff)
    {
        var inline = bigTiff ? 8 : 4;
        var values = new List<(ushort Tag, int Count, byte[] Bytes, ushort Type)>(_entries.Count);
        foreach (var (tag, entry) in _entries)
        {
            values.Add(entry.Offsets is { } offsets
                ? (tag, entry.Count, OffsetBytes(offsets, bigTiff), bigTiff ? Long8Type : LongType)
                : (tag, entry.Count, entry.Bytes!, entry.Type));
        }

        using var block = new MemoryStream();
        var external = new long[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Bytes.Length > inline)
            {
                external[i] = start + block.Position;
                block.Write(values[i].Bytes);
                // TIFF wants values that are pointed to to begin on a word boundary.
                if (block.Position % 2 != 0)
                {
                    block.WriteByte(0);
                }
            }
        }

        var ifdOffset = start + block.Position;
        Span<byte> field = stackalloc byte[8];
        WriteUnsigned(block, (ulong)values.Count, bigTiff ? 8 : 2);
        for (var i = 0; i < values.Count; i++)
        {
            var (tag, count, bytes, type) = values[i];
            WriteUnsigned(block, tag, 2);
            WriteUnsigned(block, type, 2);
            WriteUnsigned(block, (ulong)count, bigTiff ? 8 : 4);
            field.Clear();
            if (bytes.Length <= inline)
            {
                bytes.CopyTo(field);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(field, (ulong)external[i]);
            }

            block.Write(field[..inline]);
        }

        var nextFieldIndex = (int)block.Position;
        WriteUnsigned(block, 0, inline);
        return (block.ToArray(), ifdOffset, nextFieldIndex);
    }

    private static byte[] OffsetBytes(long[] offsets, bool bigTiff)
    {
        var size = bigTiff ? 8 : 4;
        var bytes = new byte[offsets.Length * size];
        for (var i = 0; i < offsets.Length; i++)
        {
            if (bigTiff)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), (ulong)offsets[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), checked((uint)offsets[i]));
            }
        }

        return bytes;
    }

    private static void WriteUnsigned(Stream stream, ulong value, int size)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        stream.Write(bytes[..size]);
    }

    private void Add(ushort tag, ushort type, int count, byte[] bytes) => _entries[tag] = new Entry(type, count, bytes, null);

    private sealed record Entry(ushort Type, int Count, byte[]? Bytes, long[]? Offsets);
}
