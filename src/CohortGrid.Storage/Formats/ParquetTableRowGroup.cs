using Parquet;
using Parquet.Schema;

namespace CohortGrid.Storage.Formats;

/// <summary>One row group of a <see cref="ParquetTableWriter"/>: columns are written by name, in schema order.</summary>
internal sealed class ParquetTableRowGroup(ParquetRowGroupWriter group, ParquetSchema schema) : IDisposable
{
    public Task WriteStringsAsync(string column, IReadOnlyCollection<string> values) =>
        group.WriteAsync(Data(column), values, null);

    public Task WriteInt32sAsync(string column, ReadOnlyMemory<int> values, CancellationToken cancellationToken) =>
        group.WriteAsync(Data(column), values, null, null, cancellationToken);

    /// <summary>Writes a nullable double column (null = no value).</summary>
    public Task WriteNullableDoublesAsync(string column, ReadOnlyMemory<double?> values, CancellationToken cancellationToken) =>
        group.WriteAsync(Data(column), values, null, null, cancellationToken);

    /// <summary>Writes one non-empty list per row as the three-level LIST layout (see <see cref="ParquetColumnKind.Float32List"/>).</summary>
    public Task WriteFloatListsAsync(string column, IReadOnlyList<float[]> lists, CancellationToken cancellationToken)
    {
        var element = (DataField)((ListField)Field(column)).Item;
        var count = lists.Sum(list => list.Length);
        var values = new float[count];
        var repetition = new int[count];
        var offset = 0;
        foreach (var list in lists)
        {
            if (list.Length == 0)
            {
                // An empty list would need a shorter definition level and no value; no table of ours has one.
                throw new ArgumentException($"Column '{column}': empty lists are not supported.", nameof(lists));
            }

            list.CopyTo(values, offset);
            repetition.AsSpan(offset + 1, list.Length - 1).Fill(element.MaxRepetitionLevel);
            offset += list.Length;
        }

        // Every element is present: the deepest definition level throughout.
        var definition = new int[count];
        definition.AsSpan().Fill(element.MaxDefinitionLevel);
        return group.WriteAllPartsAsync<float>(element, values, definition, repetition, cancellationToken);
    }

    /// <summary>Checks every column was written; the row group is finished on dispose.</summary>
    public void Complete() => group.CompleteValidate();

    public void Dispose() => group.Dispose();

    private DataField Data(string column) => (DataField)Field(column);

    private Field Field(string column) =>
        schema.Fields.FirstOrDefault(field => field.Name == column)
        ?? throw new ArgumentException($"The table has no column '{column}'.", nameof(column));
}
