using System.Text;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests;

public sealed class NpyFileTests
{
    [Fact]
    public void Header_of_a_2x3_float32_array_is_byte_identical_to_numpy()
    {
        using var temp = new TempDirectory();
        var path = temp.File("small.npy");
        float[] values = [1f, 2f, 3f, 4f, 5f, 6f];

        NpyFile.Write(path, values, 2, 3);

        // Magic, version 1.0, then the header length 118 (0x76) as little-endian uint16: 10 + 118 = 128 bytes.
        const string Dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var expectedHeader = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0 }
            .Concat(Encoding.ASCII.GetBytes(Dictionary.PadRight(117) + "\n"))
            .ToArray();
        Assert.Equal(128, expectedHeader.Length);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(expectedHeader, bytes[..128]);
        Assert.Equal(values.SelectMany(BitConverter.GetBytes), bytes[128..]);
    }

    [Fact]
    public void Vector_shape_is_written_as_a_one_element_tuple()
    {
        var header = Encoding.Latin1.GetString(NpyFile.EncodeHeader("<f2", [5]));

        Assert.StartsWith("\x93NUMPY\x01\x00", header, StringComparison.Ordinal);
        Assert.Contains("'shape': (5,), }", header, StringComparison.Ordinal);
        Assert.Equal(128, header.Length);
        Assert.EndsWith(" \n", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 0, 64 })]
    [InlineData(new long[] { 100_000, 1024 })]
    [InlineData(new long[] { 3 })]
    [InlineData(new long[] { 1_000_000_000_000, 1 })]
    public void Data_starts_on_a_64_byte_boundary_after_a_newline(long[] shape)
    {
        var header = NpyFile.EncodeHeader("<i8", shape);

        Assert.Equal(0, header.Length % 64);
        Assert.Equal((byte)'\n', header[^1]);
        Assert.Equal(header.Length - 10, BitConverter.ToUInt16(header, 8));
    }

    [Fact]
    public void Float32_matrix_round_trips()
    {
        using var temp = new TempDirectory();
        var path = temp.File("features.npy");
        var values = TestFeatures.RandomFeatures(37, 64, seed: 10);

        NpyFile.Write(path, values, 37, 64);

        var read = NpyFile.Read<float>(path);
        Assert.Equal([37L, 64L], read.Shape);
        Assert.Equal(values, read.Data);
        var header = NpyFile.ReadHeader(path);
        Assert.Equal(("<f4", 128L, 37L * 64), (header.Descr, header.DataOffset, header.ElementCount));
    }

    [Fact]
    public void Float16_round_trips_as_numpy_float16()
    {
        using var temp = new TempDirectory();
        Half[] halves = [(Half)0.5f, Half.MaxValue, Half.Epsilon, (Half)(-3.25f), Half.NegativeInfinity, (Half)0.1f];

        NpyFile.Write(temp.File("half.npy"), halves, 2, 3);
        NpyFile.WriteAsFloat16(temp.File("converted.npy"), [0.5f, 65504f, 1e-7f, -3.25f, float.NegativeInfinity, 0.1f], 2, 3);

        var read = NpyFile.Read<Half>(temp.File("half.npy"));
        Assert.Equal("<f2", NpyFile.ReadHeader(temp.File("half.npy")).Descr);
        Assert.Equal([2L, 3L], read.Shape);
        Assert.Equal(halves, read.Data);
        Assert.Equal(
            [0.5f, 65504f, (float)(Half)1e-7f, -3.25f, float.NegativeInfinity, (float)(Half)0.1f],
            NpyFile.Read<Half>(temp.File("converted.npy")).Data.Select(h => (float)h));
    }

    [Fact]
    public void Int64_matrix_round_trips()
    {
        using var temp = new TempDirectory();
        var path = temp.File("coords.npy");
        var coords = TestFeatures.GridCoords(37);

        NpyFile.Write(path, coords, 37, 2);

        var read = NpyFile.Read<long>(path);
        Assert.Equal("<i8", NpyFile.ReadHeader(path).Descr);
        Assert.Equal([37L, 2L], read.Shape);
        Assert.Equal(coords, read.Data);
    }

    [Fact]
    public void Empty_matrix_round_trips_with_its_width()
    {
        using var temp = new TempDirectory();
        var path = temp.File("empty.npy");

        NpyFile.Write(path, ReadOnlySpan<float>.Empty, 0, 1024);

        var read = NpyFile.Read<float>(path);
        Assert.Equal([0L, 1024L], read.Shape);
        Assert.Empty(read.Data);
        Assert.Equal(128, new FileInfo(path).Length);
    }

    [Fact]
    public void Reading_as_another_type_names_both_types()
    {
        using var temp = new TempDirectory();
        var path = temp.File("floats.npy");
        NpyFile.Write(path, [1f, 2f], 2);

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read<long>(path));

        Assert.Contains("'<f4'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'<i8'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fortran_order_and_foreign_files_are_refused()
    {
        using var temp = new TempDirectory();
        var fortran = temp.File("fortran.npy");
        var header = Encoding.Latin1.GetString(NpyFile.EncodeHeader("<f4", [1, 2])).Replace("False", "True ", StringComparison.Ordinal);
        File.WriteAllBytes(fortran, [.. Encoding.Latin1.GetBytes(header), .. new byte[8]]);
        var foreign = temp.File("foreign.npy");
        File.WriteAllText(foreign, "not numpy at all");

        Assert.Contains("Fortran", Assert.Throws<InvalidDataException>(() => NpyFile.Read<float>(fortran)).Message, StringComparison.Ordinal);
        Assert.Contains("signature", Assert.Throws<InvalidDataException>(() => NpyFile.Read<float>(foreign)).Message, StringComparison.Ordinal);
    }
}
