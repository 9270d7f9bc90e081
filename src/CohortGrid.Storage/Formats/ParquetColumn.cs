using Parquet.Meta;
using Parquet.Schema;

namespace CohortGrid.Storage.Formats;

/// <summary>One column of a CohortGrid Parquet table: its name, how it is written, and what a reader accepts.</summary>
internal sealed record ParquetColumn(string Name, ParquetColumnKind Kind)
{
    /// <summary>The field this column is written as: values required, lists of required elements.</summary>
    public Field CreateField() => Kind switch
    {
        ParquetColumnKind.String => new DataField<string>(Name, false),
        ParquetColumnKind.Int32 => new DataField<int>(Name, false),
        ParquetColumnKind.Float32List => new ListField(Name, new DataField<float>(ListField.ElementName, false)),
        ParquetColumnKind.NullableFloat64 => new DataField<double?>(Name),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown column kind."),
    };

    /// <summary>
    /// Whether <paramref name="field"/>, as read from a file, holds this column's values. Nullable variants of the
    /// same types (what pyarrow writes by default) are accepted here; null values are rejected when read.
    /// </summary>
    public bool Accepts(Field field) => Kind switch
    {
        ParquetColumnKind.String => field is DataField { MaxRepetitionLevel: 0 } && IsString(field.SchemaElement),
        ParquetColumnKind.Int32 => field is DataField { MaxRepetitionLevel: 0, ClrType: var type } && type == typeof(int),
        ParquetColumnKind.Float32List => field is ListField { Item: DataField { MaxRepetitionLevel: 1, ClrType: var type } } && type == typeof(float),
        ParquetColumnKind.NullableFloat64 => field is DataField { MaxRepetitionLevel: 0, ClrType: var type } && type == typeof(double),
        _ => false,
    };

    /// <summary>How the column is described in error messages, e.g. <c>list&lt;float&gt;</c>.</summary>
    public string Description => Kind switch
    {
        ParquetColumnKind.String => "string",
        ParquetColumnKind.Int32 => "int32",
        ParquetColumnKind.Float32List => "list<float>",
        ParquetColumnKind.NullableFloat64 => "double",
        _ => Kind.ToString(),
    };

    /// <summary>A short description of what a file holds in place of this column, e.g. <c>int64</c>.</summary>
    public static string Describe(Field field) => field switch
    {
        ListField list => $"list<{Describe(list.Item)}>",
        DataField { MaxRepetitionLevel: > 0 } data => $"repeated {Describe(data.SchemaElement)}",
        DataField data => Describe(data.SchemaElement),
        _ => field.SchemaType.ToString().ToLowerInvariant(),
    };

    private static string Describe(SchemaElement? element) => element switch
    {
        null => "unknown",
        _ when IsString(element) => "string",
        { Type: { } type } => type.ToString().ToLowerInvariant(),
        _ => "group",
    };

    private static bool IsString(SchemaElement? element) =>
        element is { Type: Parquet.Meta.Type.BYTE_ARRAY }
        && (element.LogicalType?.STRING is not null || element.ConvertedType == ConvertedType.UTF8);
}
