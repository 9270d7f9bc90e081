using System.Text;
using Parquet;
using Parquet.Schema;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// Opens a CohortGrid Parquet table, checking it before any value is read: a Parquet file, every expected column
/// present with its type, and the <see cref="ParquetTableWriter.FormatKey"/> tag. Each failure is an
/// <see cref="InvalidDataException"/> saying what is wrong, e.g. <c>not a slide-vectors file: column 'vector' missing</c>.
/// Columns are read whole, across all row groups; null values are rejected.
/// </summary>
internal sealed class ParquetTableReader : IAsyncDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly ParquetReader _reader;
    private readonly Stream _stream;
    private readonly bool _ownsStream;

    private ParquetTableReader(ParquetReader reader, Stream stream, bool ownsStream, string kind)
    {
        _reader = reader;
        _stream = stream;
        _ownsStream = ownsStream;
        Kind = kind;
    }

    /// <summary>The table's name, the format tag without its version, e.g. <c>slide-vectors</c>.</summary>
    public string Kind { get; }

    public long RowCount => _reader.Metadata?.NumRows ?? 0;

    public IReadOnlyDictionary<string, string> Metadata => _reader.CustomMetadata;

    /// <summary>
    /// Opens <paramref name="source"/>, the whole stream being the file. A stream that cannot seek (a download) is
    /// buffered in memory first; the caller's stream is left open. <paramref name="format"/> is the expected value
    /// of the format tag, e.g. <c>slide-vectors/1</c>.
    /// </summary>
    public static async Task<ParquetTableReader> OpenAsync(Stream source, string format, IReadOnlyList<ParquetColumn> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(format);
        ArgumentNullException.ThrowIfNull(columns);
        var kind = format.Split('/')[0];

        var stream = source;
        if (!source.CanSeek)
        {
            var buffer = new MemoryStream();
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            stream = buffer;
        }

        try
        {
            await CheckSignatureAsync(stream, kind, cancellationToken).ConfigureAwait(false);
            var reader = await ParquetReader.CreateAsync(stream, null, true, cancellationToken).ConfigureAwait(false);
            var table = new ParquetTableReader(reader, stream, stream != source, kind);
            try
            {
                table.CheckSchema(columns);
                table.CheckFormat(format);
                return table;
            }
            catch
            {
                await table.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch when (stream != source)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every top-level column name in the file, in schema order.</summary>
    public IReadOnlyList<string> ColumnNames => [.. _reader.Schema.Fields.Select(f => f.Name)];

    /// <summary>A metadata value that must be there.</summary>
    public string RequiredMetadata(string key) =>
        Metadata.TryGetValue(key, out var value) ? value : throw Invalid($"key-value metadata '{key}' missing");

    public InvalidDataException Invalid(string problem) => new($"not a {Kind} file: {problem}");

    public async Task<string[]> ReadStringsAsync(string column, CancellationToken cancellationToken)
    {
        var field = (DataField)Field(column);
        var values = new string?[RowCount];
        var offset = 0;
        foreach (var group in _reader.RowGroups)
        {
            var rows = checked((int)group.RowCount);
            await group.ReadAsync(field, values.AsMemory(offset, rows), null, cancellationToken).ConfigureAwait(false);
            offset += rows;
        }

        var missing = Array.IndexOf(values, null);
        return missing < 0 ? values.Select(value => value!).ToArray() : throw Invalid($"column '{column}' is null in row {missing}");
    }

    public async Task<int[]> ReadInt32sAsync(string column, CancellationToken cancellationToken)
    {
        var field = (DataField)Field(column);
        var values = new int[RowCount];
        var offset = 0;
        foreach (var group in _reader.RowGroups)
        {
            var rows = checked((int)group.RowCount);
            if (field.IsNullable)
            {
                var nullable = new int?[rows];
                await group.ReadAsync<int>(field, nullable, null, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < rows; i++)
                {
                    values[offset + i] = nullable[i] ?? throw Invalid($"column '{column}' is null in row {offset + i}");
                }
            }
            else
            {
                await group.ReadAsync<int>(field, values.AsMemory(offset, rows), null, cancellationToken).ConfigureAwait(false);
            }

            offset += rows;
        }

        return values;
    }

    /// <summary>A double column; nulls (and a required column's values) as they are.</summary>
    public async Task<double?[]> ReadNullableDoublesAsync(string column, CancellationToken cancellationToken)
    {
        var field = (DataField)Field(column);
        var values = new double?[RowCount];
        var offset = 0;
        foreach (var group in _reader.RowGroups)
        {
            var rows = checked((int)group.RowCount);
            if (field.IsNullable)
            {
                await group.ReadAsync<double>(field, values.AsMemory(offset, rows), null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var required = new double[rows];
                await group.ReadAsync<double>(field, required, null, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < rows; i++)
                {
                    values[offset + i] = required[i];
                }
            }

            offset += rows;
        }

        return values;
    }

    /// <summary>One array per row; a null list, an empty list or a null element is an error.</summary>
    public async Task<float[][]> ReadFloatListsAsync(string column, CancellationToken cancellationToken)
    {
        var element = (DataField)((ListField)Field(column)).Item;
        var lists = new float[RowCount][];
        var row = 0;
        foreach (var group in _reader.RowGroups)
        {
            // One definition and repetition level per entry; an entry short of the deepest definition level is a
            // null or empty list or a null element, and carries no value.
            var chunk = group.GetMetadata(element)?.MetaData ?? throw Invalid($"column '{column}' has no column chunk metadata");
            var entries = checked((int)chunk.NumValues);
            var values = new float[entries];
            var definition = new int[entries];
            var repetition = new int[entries];
            await group.ReadRawAsync<float>(element, values, definition, repetition, cancellationToken).ConfigureAwait(false);

            var missing = Array.FindIndex(definition, level => level != element.MaxDefinitionLevel);
            if (missing >= 0)
            {
                throw Invalid($"column '{column}' has a null or empty list, or a null element, in row {row + repetition.AsSpan(0, missing + 1).Count(0) - 1}");
            }

            // Repetition level 0 starts a row.
            var start = 0;
            for (var i = 1; i <= entries; i++)
            {
                if (i == entries || repetition[i] == 0)
                {
                    if (row == lists.Length)
                    {
                        throw Invalid($"column '{column}' has more lists than the file's {lists.Length} rows");
                    }

                    lists[row++] = values[start..i];
                    start = i;
                }
            }
        }

        return row == lists.Length ? lists : throw Invalid($"column '{column}' has {row} lists for {lists.Length} rows");
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task CheckSignatureAsync(Stream stream, string kind, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var tail = new byte[4];
        if (stream.Length >= 12)
        {
            stream.Position = 0;
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            stream.Position = stream.Length - 4;
            await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
        }

        if (!head.AsSpan().SequenceEqual(Magic) || !tail.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException($"not a {kind} file: not a Parquet file (no PAR1 signature at both ends)");
        }
    }

    private void CheckSchema(IReadOnlyList<ParquetColumn> columns)
    {
        var fields = _reader.Schema.Fields.ToDictionary(field => field.Name, StringComparer.Ordinal);
        var missing = columns.Where(column => !fields.ContainsKey(column.Name)).Select(column => $"'{column.Name}'").ToList();
        if (missing.Count > 0)
        {
            throw Invalid(missing.Count == 1 ? $"column {missing[0]} missing" : $"columns {string.Join(", ", missing)} missing");
        }

        var problems = new StringBuilder();
        foreach (var column in columns.Where(column => !column.Accepts(fields[column.Name])))
        {
            problems.Append(problems.Length == 0 ? string.Empty : "; ")
                .Append($"column '{column.Name}' is {ParquetColumn.Describe(fields[column.Name])}, expected {column.Description}");
        }

        if (problems.Length > 0)
        {
            throw Invalid(problems.ToString());
        }
    }

    private void CheckFormat(string format)
    {
        if (!Metadata.TryGetValue(ParquetTableWriter.FormatKey, out var tag))
        {
            throw Invalid($"key-value metadata '{ParquetTableWriter.FormatKey}' missing (expected '{format}')");
        }

        if (tag != format)
        {
            throw Invalid($"'{ParquetTableWriter.FormatKey}' is '{tag}', this reader reads '{format}'");
        }
    }

    private Field Field(string column) =>
        _reader.Schema.Fields.FirstOrDefault(field => field.Name == column)
        ?? throw Invalid($"column '{column}' missing");
}
