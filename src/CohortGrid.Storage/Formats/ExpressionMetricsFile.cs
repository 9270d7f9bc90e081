namespace CohortGrid.Storage.Formats;

/// <summary>
/// A cohort's <c>expression.parquet</c>: one row per gene with <c>gene</c> (string), <c>n</c> (int32) and the nullable
/// doubles <c>r</c>, <c>p</c>, <c>q</c> (Holm) and <c>lambda</c>; format tag <c>expression-metrics/1</c>.
/// </summary>
public static class ExpressionMetricsFile
{
    public const string Format = "expression-metrics/1";

    private static readonly ParquetColumn[] Columns =
    [
        new("gene", ParquetColumnKind.String),
        new("n", ParquetColumnKind.Int32),
        new("r", ParquetColumnKind.NullableFloat64),
        new("p", ParquetColumnKind.NullableFloat64),
        new("q", ParquetColumnKind.NullableFloat64),
        new("lambda", ParquetColumnKind.NullableFloat64),
    ];

    public static async Task WriteAsync(Stream destination, IReadOnlyList<GeneMetricRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.GroupBy(r => r.Gene, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 || string.IsNullOrEmpty(g.Key)) is { } bad)
        {
            throw new ArgumentException($"Gene '{bad.Key}' is empty or listed twice.", nameof(rows));
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ParquetTableWriter.FormatKey] = Format };
        var writer = await ParquetTableWriter.CreateAsync(destination, Columns, metadata, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            if (rows.Count == 0)
            {
                return;
            }

            using var group = writer.StartRowGroup();
            await group.WriteStringsAsync("gene", rows.Select(r => r.Gene).ToArray()).ConfigureAwait(false);
            await group.WriteInt32sAsync("n", rows.Select(r => r.N).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteNullableDoublesAsync("r", rows.Select(r => r.R).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteNullableDoublesAsync("p", rows.Select(r => r.P).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteNullableDoublesAsync("q", rows.Select(r => r.Q).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteNullableDoublesAsync("lambda", rows.Select(r => r.Lambda).ToArray(), cancellationToken).ConfigureAwait(false);
            group.Complete();
        }
    }

    public static async Task<IReadOnlyList<GeneMetricRow>> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var reader = await ParquetTableReader.OpenAsync(source, Format, Columns, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var genes = await reader.ReadStringsAsync("gene", cancellationToken).ConfigureAwait(false);
            var n = await reader.ReadInt32sAsync("n", cancellationToken).ConfigureAwait(false);
            var r = await reader.ReadNullableDoublesAsync("r", cancellationToken).ConfigureAwait(false);
            var p = await reader.ReadNullableDoublesAsync("p", cancellationToken).ConfigureAwait(false);
            var q = await reader.ReadNullableDoublesAsync("q", cancellationToken).ConfigureAwait(false);
            var lambda = await reader.ReadNullableDoublesAsync("lambda", cancellationToken).ConfigureAwait(false);
            return [.. genes.Select((g, i) => new GeneMetricRow(g, n[i], r[i], p[i], q[i], lambda[i]))];
        }
    }
}
