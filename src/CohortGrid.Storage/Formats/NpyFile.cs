using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format 1.0, C order, little-endian) of float32 (<c>&lt;f4</c>),
/// float16 (<c>&lt;f2</c>) and int64 (<c>&lt;i8</c>) values. Headers are byte-identical to <c>np.save</c>'s
/// (NumPy 1.24 and later). Writes are atomic: temporary file in the same folder, then rename.
/// </summary>
public static partial class NpyFile
{
    private const int MagicLength = 8;
    private const int PreambleLength = 10;
    private const int Alignment = 64;

    /// <summary>NumPy reserves this many digits for the first axis so an array can grow in place; matched to stay byte-identical.</summary>
    private const int GrowthAxisMaxDigits = 21;

    private const int BlockBytes = 4 << 20;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/>, e.g. <c>Write(path, values, rows, columns)</c>.</summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="Half"/> or <see cref="long"/>.</typeparam>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        using var pending = PendingFile.Create(path);
        WriteTo(pending.Stream, data, shape, CancellationToken.None);
        pending.Commit();
    }

    /// <summary>Writes float32 <paramref name="data"/> as float16 (<c>&lt;f2</c>), converting block by block.</summary>
    public static void WriteAsFloat16(string path, ReadOnlySpan<float> data, params ReadOnlySpan<long> shape)
    {
        using var pending = PendingFile.Create(path);
        WriteAsFloat16To(pending.Stream, data, shape, CancellationToken.None);
        pending.Commit();
    }

    /// <summary>Reads a whole file whose type matches <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">Not a .npy file, Fortran order, or stored as another type.</exception>
    public static NpyArray<T> Read<T>(string path)
        where T : unmanaged
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = ReadHeader(stream, path);
        var descr = Descr<T>();
        if (header.Descr != descr)
        {
            throw new InvalidDataException($"{path}: holds '{header.Descr}' values, not '{descr}' ({typeof(T).Name}).");
        }

        var count = header.ElementCount;
        if (count > Array.MaxLength || stream.Length - header.DataOffset < count * Unsafe.SizeOf<T>())
        {
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", header.Shape)}) does not fit the {stream.Length - header.DataOffset} data bytes.");
        }

        var data = new T[count];
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        while (!bytes.IsEmpty)
        {
            var block = bytes[..Math.Min(bytes.Length, BlockBytes)];
            stream.ReadExactly(block);
            bytes = bytes[block.Length..];
        }

        return new NpyArray<T>(data, header.Shape);
    }

    /// <summary>Reads only the header: type, shape and where the values start.</summary>
    /// <exception cref="InvalidDataException">Not a .npy file, or Fortran order.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return ReadHeader(stream, path);
    }

    /// <summary>The complete header, preamble included, that <c>np.save</c> writes for a C-order array.</summary>
    internal static byte[] EncodeHeader(string descr, ReadOnlySpan<long> shape)
    {
        var text = new StringBuilder("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': (");
        for (var i = 0; i < shape.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(shape[i], nameof(shape));
            text.Append(i == 0 ? string.Empty : ", ").Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        // Python writes a 1-tuple as "(5,)".
        text.Append(shape.Length == 1 ? ",), }" : "), }");
        if (shape.Length > 0)
        {
            text.Append(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        // As in numpy.lib.format._wrap_header: always at least one space, so an aligned header gets 64 more.
        var lengthWithNewline = text.Length + 1;
        var padding = Alignment - ((PreambleLength + lengthWithNewline) % Alignment);
        text.Append(' ', padding).Append('\n');

        var header = new byte[PreambleLength + text.Length];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(MagicLength), checked((ushort)text.Length));
        Encoding.ASCII.GetBytes(text.ToString(), header.AsSpan(PreambleLength));
        return header;
    }

    internal static void WriteTo<T>(Stream stream, ReadOnlySpan<T> data, ReadOnlySpan<long> shape, CancellationToken cancellationToken)
        where T : unmanaged
    {
        var header = EncodeHeader(Descr<T>(), shape);
        CheckElementCount(data.Length, shape);
        stream.Write(header);
        var bytes = MemoryMarshal.AsBytes(data);
        while (!bytes.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = bytes[..Math.Min(bytes.Length, BlockBytes)];
            stream.Write(block);
            bytes = bytes[block.Length..];
        }
    }

    internal static void WriteAsFloat16To(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<long> shape, CancellationToken cancellationToken)
    {
        var header = EncodeHeader(Descr<Half>(), shape);
        CheckElementCount(data.Length, shape);
        stream.Write(header);
        const int BlockValues = BlockBytes / 2;
        var buffer = ArrayPool<Half>.Shared.Rent(Math.Min(BlockValues, data.Length));
        try
        {
            while (!data.IsEmpty)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = data[..Math.Min(data.Length, BlockValues)];
                var converted = buffer.AsSpan(0, block.Length);
                TensorPrimitives.ConvertToHalf(block, converted);
                stream.Write(MemoryMarshal.AsBytes(converted));
                data = data[block.Length..];
            }
        }
        finally
        {
            ArrayPool<Half>.Shared.Return(buffer);
        }
    }

    private static string Descr<T>()
        where T : unmanaged
    {
        // .npy stores the writer's byte order; we only promise little-endian files.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException(".npy support assumes a little-endian machine.");
        }

        return typeof(T) == typeof(float) ? "<f4"
            : typeof(T) == typeof(Half) ? "<f2"
            : typeof(T) == typeof(long) ? "<i8"
            : throw new NotSupportedException($".npy files of {typeof(T).Name} are not supported; use float, Half or long.");
    }

    private static void CheckElementCount(int length, ReadOnlySpan<long> shape)
    {
        var count = 1L;
        foreach (var axis in shape)
        {
            count = checked(count * axis);
        }

        if (count != length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) holds {count} values but {length} were given.", nameof(shape));
        }
    }

    private static NpyHeader ReadHeader(Stream stream, string path)
    {
        Span<byte> preamble = stackalloc byte[12];
        if (stream.ReadAtLeast(preamble[..PreambleLength], PreambleLength, throwOnEndOfStream: false) < PreambleLength || !preamble[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path}: not a .npy file (no \\x93NUMPY signature).");
        }

        // Format 1.0 has a 2-byte header length; 2.0 and 3.0 (NumPy's fallback for huge headers) have 4.
        var major = preamble[6];
        long textLength;
        long dataOffset;
        if (major == 1)
        {
            textLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[MagicLength..]);
            dataOffset = PreambleLength + textLength;
        }
        else if (major is 2 or 3)
        {
            stream.ReadExactly(preamble[PreambleLength..12]);
            textLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[MagicLength..]);
            dataOffset = 12 + textLength;
        }
        else
        {
            throw new InvalidDataException($"{path}: .npy format version {major}.{preamble[7]} is not supported.");
        }

        if (textLength > 1 << 20)
        {
            throw new InvalidDataException($"{path}: .npy header of {textLength} bytes is implausibly large.");
        }

        var textBytes = new byte[textLength];
        stream.ReadExactly(textBytes);
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(textBytes);

        var descr = DescrPattern().Match(text);
        var fortran = FortranOrderPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new InvalidDataException($"{path}: .npy header '{text.TrimEnd()}' lacks descr, fortran_order or shape.");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; save with np.ascontiguousarray.");
        }

        var axes = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(axis => long.TryParse(axis, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : throw new InvalidDataException($"{path}: .npy shape '{shape.Value}' is not a tuple of lengths."))
            .ToArray();
        return new NpyHeader(descr.Groups[1].Value, axes, dataOffset);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
