namespace CohortGrid.Storage.Formats;

/// <summary>The column types CohortGrid's Parquet tables use, each with one standard physical layout.</summary>
internal enum ParquetColumnKind
{
    /// <summary><c>required binary (STRING)</c>: pandas <c>object</c>/<c>str</c>, R <c>character</c>.</summary>
    String,

    /// <summary><c>required int32</c>.</summary>
    Int32,

    /// <summary>
    /// <c>optional group (LIST) { repeated group list { required float element } }</c>: the three-level LIST every
    /// Parquet reader maps to a list column (pyarrow <c>list&lt;element: float not null&gt;</c>).
    /// </summary>
    Float32List,

    /// <summary><c>optional double</c>: null where a value does not exist (a patient without a risk score); pandas NaN, R NA.</summary>
    NullableFloat64,
}
