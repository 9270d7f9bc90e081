using System.Buffers.Binary;
using System.Text;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// Just enough of the protobuf wire format to write ONNX: varints, fixed32 floats and
/// length-delimited fields. Fields are appended in the order written. A nested message's length
/// prefix comes before its bytes, so a small one is built in its own writer first; a large one can be
/// sized up front and written in place (<see cref="WriteMessageHeader"/>).
/// </summary>
internal sealed class ProtoWriter(int capacity = 256)
{
    private const int VarintWireType = 0;
    private const int LengthDelimitedWireType = 2;
    private const int Fixed32WireType = 5;

    private byte[] _buffer = new byte[Math.Max(capacity, 16)];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>
    /// The bytes written. A writer sized exactly hands over its buffer instead of copying it (tens of
    /// megabytes for a model); that is safe because any later write has to grow into a new array.
    /// </summary>
    public byte[] ToArray() => _length == _buffer.Length ? _buffer : WrittenSpan.ToArray();

    /// <summary>Bytes a field's tag and a length prefix take, for sizing messages written in parts.</summary>
    public static int HeaderSize(int field, int length) => VarintSize((ulong)field << 3) + VarintSize((ulong)length);

    /// <summary>An int32, int64, uint64, bool or enum field. Negative values take ten bytes, as protobuf requires for int64.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, VarintWireType);
        WriteVarint((ulong)value);
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, Fixed32WireType);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    public void WriteString(int field, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteMessage(int field, ProtoWriter message) => WriteBytes(field, message.WrittenSpan);

    /// <summary>
    /// Starts a length-delimited field whose <paramref name="length"/> bytes the caller then writes
    /// with <see cref="WriteRaw"/>: lets a large message go straight into its parent without a copy.
    /// </summary>
    public void WriteMessageHeader(int field, int length)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)length);
    }

    /// <summary>Bytes already encoded as protobuf, e.g. the start of a message opened with <see cref="WriteMessageHeader"/>.</summary>
    public void WriteRaw(ReadOnlySpan<byte> encoded) => encoded.CopyTo(Reserve(encoded.Length));

    /// <summary>
    /// A repeated int64 field, one tag per element: onnx.proto is proto2, where repeated scalars are
    /// unpacked unless declared otherwise, and this is what the reference serializer emits.
    /// </summary>
    public void WriteRepeatedInt64(int field, ReadOnlySpan<long> values)
    {
        foreach (var value in values)
        {
            WriteInt64(field, value);
        }
    }

    public void WriteRepeatedFloat(int field, ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            WriteFloat(field, value);
        }
    }

    private void WriteTag(int field, int wireType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(field);
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        var span = Reserve(10);
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        // Reserve claimed the worst case; give back what the value did not need.
        _length -= 10 - count;
    }

    private static int VarintSize(ulong value)
    {
        var count = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            count++;
        }

        return count;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
