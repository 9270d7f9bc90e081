using CohortGrid.SampleData.Models;

namespace CohortGrid.SampleData.Tests;

public sealed class ProtoWriterTests
{
    [Fact]
    public void Varint_field_uses_seven_bits_a_byte_low_group_first()
    {
        var writer = new ProtoWriter();

        writer.WriteInt64(1, 150);
        writer.WriteInt64(2, 0);

        // The protobuf documentation's own example: field 1 = 150 is 08 96 01.
        Assert.Equal([0x08, 0x96, 0x01, 0x10, 0x00], writer.ToArray());
    }

    [Fact]
    public void Negative_int64_takes_ten_bytes_and_large_field_numbers_a_two_byte_tag()
    {
        var writer = new ProtoWriter();

        writer.WriteInt64(20, -1);

        Assert.Equal([0xA0, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], writer.ToArray());
    }

    [Fact]
    public void Strings_and_messages_are_length_prefixed_and_floats_are_fixed32_little_endian()
    {
        var inner = new ProtoWriter();
        inner.WriteString(1, "N");
        var writer = new ProtoWriter();

        writer.WriteMessage(2, inner);
        writer.WriteFloat(2, 1f);
        writer.WriteString(1, string.Empty);

        Assert.Equal([0x12, 0x03, 0x0A, 0x01, (byte)'N', 0x15, 0x00, 0x00, 0x80, 0x3F, 0x0A, 0x00], writer.ToArray());
    }

    [Fact]
    public void Repeated_ints_are_written_unpacked_as_in_onnx_proto2()
    {
        var writer = new ProtoWriter();

        writer.WriteRepeatedInt64(8, [3, 3]);

        Assert.Equal([0x40, 0x03, 0x40, 0x03], writer.ToArray());
    }

    [Fact]
    public void Writer_grows_past_its_initial_capacity()
    {
        var writer = new ProtoWriter(capacity: 16);
        var payload = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        writer.WriteBytes(9, payload);

        Assert.Equal(1003, writer.Length);
        Assert.Equal([0x4A, 0xE8, 0x07], writer.ToArray()[..3]);
        Assert.Equal(payload, writer.ToArray()[3..]);
    }

    [Fact]
    public void Message_written_in_parts_equals_the_message_written_whole()
    {
        var inner = new ProtoWriter();
        inner.WriteString(8, "conv1.weight");
        inner.WriteBytes(9, new byte[200]);
        var whole = new ProtoWriter();
        whole.WriteMessage(5, inner);

        var head = new ProtoWriter();
        head.WriteString(8, "conv1.weight");
        var parts = new ProtoWriter();
        parts.WriteMessageHeader(5, head.Length + ProtoWriter.HeaderSize(9, 200) + 200);
        parts.WriteRaw(head.WrittenSpan);
        parts.WriteBytes(9, new byte[200]);

        Assert.Equal(whole.ToArray(), parts.ToArray());
        Assert.Equal(whole.Length - inner.Length, ProtoWriter.HeaderSize(5, inner.Length));
    }
}
