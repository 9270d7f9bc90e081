using System.Text.Json;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace CohortGrid.Storage.Tests;

public sealed class SlideVectorsFileTests
{
    [Fact]
    public async Task Five_hundred_slides_with_1024_dimensional_vectors_round_trip()
    {
        var rows = Rows(500, 1024, seed: 1);

        var read = await RoundTrip(rows);

        Assert.Equal(500, read.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (expected, actual) = (rows[i], read[i]);
            Assert.Equal(
                (expected.SlideId, expected.PatientId, expected.Tiles, expected.EncoderId, expected.EncoderVersion),
                (actual.SlideId, actual.PatientId, actual.Tiles, actual.EncoderId, actual.EncoderVersion));
            Assert.Equal(expected.Vector, actual.Vector);
        }
    }

    [Fact]
    public async Task A_large_cohort_is_split_into_row_groups_and_reads_back_in_order()
    {
        // 768 values a row: 1365 rows a group, so 3000 rows need three.
        var rows = Rows(3000, 768, seed: 2);
        using var stream = new MemoryStream();
        await SlideVectorsFile.WriteAsync(stream, rows, TestContext.Current.CancellationToken);

        stream.Position = 0;
        await using (var reader = await ParquetReader.CreateAsync(stream, null, true, TestContext.Current.CancellationToken))
        {
            Assert.Equal(3, reader.RowGroupCount);
        }

        stream.Position = 0;
        var read = await SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken);
        Assert.Equal(rows.Select(row => row.SlideId), read.Select(row => row.SlideId));
        Assert.Equal(rows[2999].Vector, read[2999].Vector);
        Assert.Equal(rows[1365].Vector, read[1365].Vector);
    }

    [Fact]
    public async Task A_cohort_whose_every_slide_failed_writes_an_empty_file_with_the_schema()
    {
        using var stream = new MemoryStream();
        await SlideVectorsFile.WriteAsync(stream, [], TestContext.Current.CancellationToken);

        stream.Position = 0;
        Assert.Empty(await SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));
        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream, null, true, TestContext.Current.CancellationToken);
        Assert.Equal(0, reader.Metadata!.NumRows);
        Assert.Equal(SlideVectorsFile.Columns.Select(column => column.Name), reader.Schema.Fields.Select(field => field.Name));
        Assert.Equal("0", reader.CustomMetadata[SlideVectorsFile.DimensionKey]);
    }

    [Fact]
    public async Task Format_and_dimension_tags_are_in_the_file_metadata()
    {
        using var stream = new MemoryStream();
        await SlideVectorsFile.WriteAsync(stream, Rows(3, 1536, seed: 3), TestContext.Current.CancellationToken);

        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream, null, true, TestContext.Current.CancellationToken);
        Assert.Equal("slide-vectors/1", reader.CustomMetadata["cohortgrid.format"]);
        Assert.Equal("1536", reader.CustomMetadata["cohortgrid.dimension"]);
    }

    [Fact]
    public async Task Physical_schema_is_flat_required_columns_and_a_standard_three_level_float_LIST()
    {
        using var stream = new MemoryStream();
        await SlideVectorsFile.WriteAsync(stream, Rows(4, 8, seed: 4), TestContext.Current.CancellationToken);

        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream, null, true, TestContext.Current.CancellationToken);
        var elements = reader.Metadata!.Schema;
        Assert.Equal(
            [
                ("schema", null, null, 6),
                ("slide_id", Parquet.Meta.Type.BYTE_ARRAY, FieldRepetitionType.REQUIRED, null),
                ("patient_id", Parquet.Meta.Type.BYTE_ARRAY, FieldRepetitionType.REQUIRED, null),
                ("tiles", Parquet.Meta.Type.INT32, FieldRepetitionType.REQUIRED, null),
                ("encoder_id", Parquet.Meta.Type.BYTE_ARRAY, FieldRepetitionType.REQUIRED, null),
                ("encoder_version", Parquet.Meta.Type.BYTE_ARRAY, FieldRepetitionType.REQUIRED, null),
                ("vector", null, FieldRepetitionType.OPTIONAL, 1),
                ("list", null, FieldRepetitionType.REPEATED, 1),
                ("element", Parquet.Meta.Type.FLOAT, FieldRepetitionType.REQUIRED, (int?)null),
            ],
            elements.Select(e => (e.Name == "root" ? "schema" : e.Name, e.Type, e.RepetitionType, e.NumChildren)));

        // Strings carry the STRING logical type, the list group the LIST logical type (and the legacy
        // converted type older readers look for); the repeated middle group and its element carry none.
        Assert.All(elements.Where(e => e.Type == Parquet.Meta.Type.BYTE_ARRAY), e => Assert.NotNull(e.LogicalType?.STRING));
        var vector = elements.Single(e => e.Name == "vector");
        Assert.NotNull(vector.LogicalType?.LIST);
        Assert.Equal(ConvertedType.LIST, vector.ConvertedType);
        Assert.Null(elements.Single(e => e.Name == "list").LogicalType);

        var group = reader.RowGroups[0];
        Assert.Equal(
            ["slide_id", "patient_id", "tiles", "encoder_id", "encoder_version", "vector.list.element"],
            reader.Schema.DataFields.Select(field => string.Join('.', group.GetMetadata(field)!.MetaData!.PathInSchema)));
    }

    [Fact]
    public async Task A_destination_that_cannot_seek_gets_the_same_file()
    {
        var rows = Rows(20, 64, seed: 5);
        using var seekable = new MemoryStream();
        await SlideVectorsFile.WriteAsync(seekable, rows, TestContext.Current.CancellationToken);
        using var sink = new MemoryStream();

        await SlideVectorsFile.WriteAsync(new ForwardOnlyStream(sink), rows, TestContext.Current.CancellationToken);

        Assert.Equal(seekable.ToArray(), sink.ToArray());
        var read = await SlideVectorsFile.ReadAsync(new ForwardOnlyStream(new MemoryStream(sink.ToArray())), TestContext.Current.CancellationToken);
        Assert.Equal(rows[19].Vector, read[19].Vector);
    }

    [Fact]
    public async Task A_duplicate_slide_id_is_rejected_naming_both_rows_and_nothing_is_written()
    {
        var rows = Rows(3, 4, seed: 6).ToList();
        rows[2] = rows[2] with { SlideId = rows[0].SlideId };
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SlideVectorsFile.WriteAsync(stream, rows, TestContext.Current.CancellationToken));

        Assert.Contains("Row 2 ('S-0000'): slide id 'S-0000' is already row 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task Vectors_of_different_lengths_are_rejected()
    {
        var rows = Rows(3, 4, seed: 7).ToList();
        rows[1] = rows[1] with { Vector = new float[5] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SlideVectorsFile.WriteAsync(Stream.Null, rows, TestContext.Current.CancellationToken));

        Assert.Contains("Row 1 ('S-0001'): the vector has 5 values, row 0's has 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NaN_in_a_vector_is_rejected_naming_the_position()
    {
        var rows = Rows(3, 4, seed: 8).ToList();
        rows[2].Vector[3] = float.NaN;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SlideVectorsFile.WriteAsync(Stream.Null, rows, TestContext.Current.CancellationToken));

        Assert.Contains("Row 2 ('S-0002'): vector[3] is NaN; values must be finite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "P-1", 4, "slide id is empty")]
    [InlineData("S-1", " ", 4, "patient id is empty")]
    [InlineData("S-1", "P-1", 0, "the vector is empty")]
    public async Task Empty_ids_and_empty_vectors_are_rejected(string slideId, string patientId, int dimension, string expected)
    {
        SlideVectorRow[] rows = [new(slideId, patientId, 10, "uni_v2", "2.0.1", new float[dimension])];

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SlideVectorsFile.WriteAsync(Stream.Null, rows, TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Parquet_file_of_another_schema_is_rejected_naming_the_missing_columns()
    {
        var patient = new DataField<string>("patient_id", false);
        var risk = new DataField<double>("risk_score", false);
        using var stream = await WriteTable([patient, risk], new Dictionary<string, string> { ["cohortgrid.format"] = "predictions/1" });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));

        Assert.Equal("not a slide-vectors file: columns 'slide_id', 'tiles', 'encoder_id', 'encoder_version', 'vector' missing", error.Message);
    }

    [Fact]
    public async Task A_file_without_the_vector_column_is_rejected_naming_it()
    {
        var fields = SlideVectorsFile.Columns.Where(column => column.Name != "vector").Select(column => column.CreateField()).ToArray();
        using var stream = await WriteTable(fields, Tags(4));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));

        Assert.Equal("not a slide-vectors file: column 'vector' missing", error.Message);
    }

    [Fact]
    public async Task A_column_of_another_type_is_rejected_naming_both_types()
    {
        var fields = SlideVectorsFile.Columns.Select(column => column.Name == "tiles" ? new DataField<long>("tiles", false) : column.CreateField()).ToArray();
        using var stream = await WriteTable(fields, Tags(2));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));

        Assert.Equal("not a slide-vectors file: column 'tiles' is int64, expected int32", error.Message);
    }

    [Fact]
    public async Task A_file_with_the_columns_but_no_format_tag_is_rejected()
    {
        var fields = SlideVectorsFile.Columns.Select(column => column.CreateField()).ToArray();
        using var untagged = await WriteTable(fields, new Dictionary<string, string> { ["cohortgrid.dimension"] = "2" });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(untagged, TestContext.Current.CancellationToken));

        Assert.Equal("not a slide-vectors file: key-value metadata 'cohortgrid.format' missing (expected 'slide-vectors/1')", error.Message);
    }

    [Fact]
    public async Task A_vector_whose_length_is_not_the_tagged_dimension_is_rejected()
    {
        using var stream = await WriteSlideVectors(Rows(2, 4, seed: 10), Tags(3));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));

        Assert.Equal("not a slide-vectors file: row 0 ('S-0000') has a vector of 4 values, the file's 'cohortgrid.dimension' is 3", error.Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_Parquet_are_rejected()
    {
        using var stream = new MemoryStream("{\"slides\": []}\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken));

        Assert.StartsWith("not a slide-vectors file: not a Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_nullable_columns_as_pyarrow_writes_them_is_read()
    {
        var fields = new Field[]
        {
            new DataField<string>("slide_id", true),
            new DataField<string>("patient_id", true),
            new DataField<int?>("tiles", true),
            new DataField<string>("encoder_id", true),
            new DataField<string>("encoder_version", true),
            new ListField("vector", new DataField<float?>("element", true)),
        };
        using var stream = await WriteTable(fields, Tags(2), async group =>
        {
            await group.WriteAsync((DataField)fields[0], ["S-1", "S-2"], null);
            await group.WriteAsync((DataField)fields[1], ["P-1", "P-1"], null);
            await group.WriteAsync<int>((DataField)fields[2], new int?[] { 7, 9 }, null, null, TestContext.Current.CancellationToken);
            await group.WriteAsync((DataField)fields[3], ["uni_v2", "uni_v2"], null);
            await group.WriteAsync((DataField)fields[4], ["", ""], null);
            await group.WriteAsync<float>((DataField)((ListField)fields[5]).Item, new float?[] { 1, 2, 3, 4 }, new[] { 0, 1, 0, 1 }, null, TestContext.Current.CancellationToken);
        });

        var read = await SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(2, read.Count);
        Assert.Equal(("S-2", "P-1", 9, "uni_v2", ""), (read[1].SlideId, read[1].PatientId, read[1].Tiles, read[1].EncoderId, read[1].EncoderVersion));
        Assert.Equal([3f, 4f], read[1].Vector);
    }

    [Fact]
    public async Task An_independent_reader_sees_the_list_column_shape_values_and_tags()
    {
        using var temp = new TempDirectory();
        var path = temp.File("slide_vectors.parquet");
        var rows = Rows(50, 1024, seed: 11);
        await using (var file = File.Create(path))
        {
            await SlideVectorsFile.WriteAsync(file, rows, TestContext.Current.CancellationToken);
        }

        // hyparquet (npm): a Parquet implementation that shares no code with Parquet.Net.
        using var json = JsonDocument.Parse(NodeTools.Run("parquet-dump.mjs", path));
        var root = json.RootElement;

        Assert.Equal(50, root.GetProperty("rows").GetInt32());
        var columns = root.GetProperty("schema").GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(SlideVectorsFile.Columns.Select(c => c.Name), columns.Select(c => c.GetProperty("name").GetString()));
        var vector = columns[^1];
        Assert.Equal("LIST", vector.GetProperty("logical").GetString());
        var element = vector.GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal("FLOAT", element.GetProperty("type").GetString());
        Assert.Equal("slide-vectors/1", root.GetProperty("metadata").GetProperty("cohortgrid.format").GetString());
        Assert.Equal("1024", root.GetProperty("metadata").GetProperty("cohortgrid.dimension").GetString());
        var data = root.GetProperty("data").EnumerateArray().ToList();
        Assert.All(data, row => Assert.Equal(1024, row.GetProperty("vector").GetArrayLength()));
        Assert.Equal(rows[49].SlideId, data[49].GetProperty("slide_id").GetString());
        Assert.Equal(rows[49].Tiles, data[49].GetProperty("tiles").GetInt32());
        Assert.Equal(rows[49].Vector, data[49].GetProperty("vector").EnumerateArray().Select(e => e.GetSingle()));
    }

    private static List<SlideVectorRow> Rows(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new SlideVectorRow(
                $"S-{i:D4}",
                $"P-{i / 2:D4}",
                random.Next(0, 40_000),
                i % 3 == 0 ? "uni_v2" : "conch_v1_5",
                i % 3 == 0 ? "2.0.1" : string.Empty,
                Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 8) - 4)).ToArray()))
            .ToList();
    }

    private static async Task<IReadOnlyList<SlideVectorRow>> RoundTrip(IReadOnlyList<SlideVectorRow> rows)
    {
        using var stream = new MemoryStream();
        await SlideVectorsFile.WriteAsync(stream, rows, TestContext.Current.CancellationToken);
        stream.Position = 0;
        return await SlideVectorsFile.ReadAsync(stream, TestContext.Current.CancellationToken);
    }

    private static Dictionary<string, string> Tags(int dimension) => new()
    {
        ["cohortgrid.format"] = "slide-vectors/1",
        ["cohortgrid.dimension"] = dimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The real columns and rows, under file metadata of the test's choosing.</summary>
    private static async Task<MemoryStream> WriteSlideVectors(IReadOnlyList<SlideVectorRow> rows, Dictionary<string, string> metadata)
    {
        var stream = new MemoryStream();
        var writer = await ParquetTableWriter.CreateAsync(stream, SlideVectorsFile.Columns, metadata, TestContext.Current.CancellationToken);
        await using (writer)
        {
            using var group = writer.StartRowGroup();
            await group.WriteStringsAsync("slide_id", rows.Select(r => r.SlideId).ToArray());
            await group.WriteStringsAsync("patient_id", rows.Select(r => r.PatientId).ToArray());
            await group.WriteInt32sAsync("tiles", rows.Select(r => r.Tiles).ToArray(), TestContext.Current.CancellationToken);
            await group.WriteStringsAsync("encoder_id", rows.Select(r => r.EncoderId).ToArray());
            await group.WriteStringsAsync("encoder_version", rows.Select(r => r.EncoderVersion).ToArray());
            await group.WriteFloatListsAsync("vector", rows.Select(r => r.Vector).ToArray(), TestContext.Current.CancellationToken);
            group.Complete();
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Any schema, written with Parquet.Net directly: files CohortGrid did not write. Without
    /// <paramref name="writeColumns"/>, one row of placeholder values.
    /// </summary>
    private static async Task<MemoryStream> WriteTable(Field[] fields, Dictionary<string, string> metadata, Func<ParquetRowGroupWriter, Task>? writeColumns = null)
    {
        var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, null, false, TestContext.Current.CancellationToken))
        {
            writer.CustomMetadata = metadata;
            using var group = writer.CreateRowGroup();
            await (writeColumns ?? (group => WriteOneRow(group, fields)))(group);
            group.CompleteValidate();
        }

        stream.Position = 0;
        return stream;
    }

    private static async Task WriteOneRow(ParquetRowGroupWriter group, Field[] fields)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var field in fields)
        {
            await (field switch
            {
                ListField list => group.WriteAllPartsAsync<float>((DataField)list.Item, new[] { 1f, 2f }, new[] { 2, 2 }, new[] { 0, 1 }, cancellationToken),
                DataField { ClrType: var type } data when type == typeof(int) => group.WriteAsync<int>(data, new[] { 3 }, null, null, cancellationToken),
                DataField { ClrType: var type } data when type == typeof(long) => group.WriteAsync<long>(data, new[] { 3L }, null, null, cancellationToken),
                DataField { ClrType: var type } data when type == typeof(double) => group.WriteAsync<double>(data, new[] { 0.25 }, null, null, cancellationToken),
                DataField data => group.WriteAsync(data, ["x"], null),
                _ => throw new NotSupportedException(field.ToString()),
            });
        }
    }

    /// <summary>A stream that only reads or writes forwards, like an HTTP upload or download.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
