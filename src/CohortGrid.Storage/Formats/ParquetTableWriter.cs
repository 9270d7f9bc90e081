using Parquet;
using Parquet.Schema;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// Writes a CohortGrid Parquet table: the <see cref="ParquetColumn"/> schema, key-value file metadata (at least
/// <see cref="FormatKey"/>) and row groups written column by column in schema order. Files with no rows have the
/// schema and no row group, which every Parquet reader opens as an empty table.
/// </summary>
internal sealed class ParquetTableWriter : IAsyncDisposable
{
    /// <summary>File metadata key naming the table and its version, e.g. <c>slide-vectors/1</c>.</summary>
    public const string FormatKey = "cohortgrid.format";

    private readonly ParquetWriter _writer;
    private readonly ParquetSchema _schema;

    private ParquetTableWriter(ParquetWriter writer, ParquetSchema schema)
    {
        _writer = writer;
        _schema = schema;
    }

    /// <summary>
    /// Starts the table on <paramref name="destination"/>, which need not be seekable (an upload stream will do);
    /// it is left open. The footer, with the metadata, is written on dispose.
    /// </summary>
    public static async Task<ParquetTableWriter> CreateAsync(Stream destination, IReadOnlyList<ParquetColumn> columns, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.ContainsKey(FormatKey))
        {
            throw new ArgumentException($"Metadata must name the format ('{FormatKey}').", nameof(metadata));
        }

        var schema = new ParquetSchema(columns.Select(column => column.CreateField()));
        var writer = await ParquetWriter.CreateAsync(schema, destination, null, false, cancellationToken).ConfigureAwait(false);
        writer.CustomMetadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        return new ParquetTableWriter(writer, schema);
    }

    /// <summary>A new row group; write every column, in schema order, then <see cref="ParquetTableRowGroup.Complete"/>.</summary>
    public ParquetTableRowGroup StartRowGroup() => new(_writer.CreateRowGroup(), _schema);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
