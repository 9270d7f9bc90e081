using System.Globalization;

namespace CohortGrid.Storage.Formats;

/// <summary>
/// A cohort's <c>predictions.parquet</c>: one row per patient with <c>patient_id</c>, <c>slides</c> (int32),
/// <c>risk_score</c> (double, null without a survival head), <c>risk_group</c> (string, empty without one) and one
/// nullable double column <c>expr_{GENE}</c> per predicted gene; key-value metadata <c>cohortgrid.format</c> =
/// <c>predictions/1</c> and <c>cohortgrid.head</c> (the frozen heads used).
/// </summary>
public static class PredictionsFile
{
    public const string Format = "predictions/1";
    public const string HeadKey = "cohortgrid.head";
    public const string GenePrefix = "expr_";

    /// <summary>Writes <paramref name="rows"/> (each with one value per gene of <paramref name="genes"/>).</summary>
    public static async Task WriteAsync(Stream destination, IReadOnlyList<string> genes, IReadOnlyList<PredictionRow> rows, string headId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (string.IsNullOrEmpty(rows[i].PatientId) || !seen.Add(rows[i].PatientId))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i}: patient id '{rows[i].PatientId}' is empty or repeated."), nameof(rows));
            }

            if (rows[i].Expression.Count != genes.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {i} ('{rows[i].PatientId}'): {rows[i].Expression.Count} predicted values for {genes.Count} genes."), nameof(rows));
            }
        }

        var columns = Columns(genes);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ParquetTableWriter.FormatKey] = Format, [HeadKey] = headId };
        var writer = await ParquetTableWriter.CreateAsync(destination, columns, metadata, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            if (rows.Count == 0)
            {
                return;
            }

            using var group = writer.StartRowGroup();
            await group.WriteStringsAsync("patient_id", rows.Select(r => r.PatientId).ToArray()).ConfigureAwait(false);
            await group.WriteInt32sAsync("slides", rows.Select(r => r.Slides).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteNullableDoublesAsync("risk_score", rows.Select(r => r.RiskScore).ToArray(), cancellationToken).ConfigureAwait(false);
            await group.WriteStringsAsync("risk_group", rows.Select(r => r.RiskGroup).ToArray()).ConfigureAwait(false);
            for (var g = 0; g < genes.Count; g++)
            {
                await group.WriteNullableDoublesAsync(GenePrefix + genes[g], rows.Select(r => r.Expression[g]).ToArray(), cancellationToken).ConfigureAwait(false);
            }

            group.Complete();
        }
    }

    /// <summary>Reads a file <see cref="WriteAsync"/> wrote: the genes (from the column names) and the rows.</summary>
    public static async Task<(IReadOnlyList<string> Genes, IReadOnlyList<PredictionRow> Rows)> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffered = source.CanSeek ? source : await Buffer(source, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> genes;
        {
            // The genes are only known from the schema, so peek at it with the fixed columns first.
            var probe = await ParquetTableReader.OpenAsync(buffered, Format, Columns([]), cancellationToken).ConfigureAwait(false);
            await using (probe.ConfigureAwait(false))
            {
                genes = [.. probe.ColumnNames.Where(n => n.StartsWith(GenePrefix, StringComparison.Ordinal)).Select(n => n[GenePrefix.Length..])];
            }
        }

        buffered.Position = 0;
        var reader = await ParquetTableReader.OpenAsync(buffered, Format, Columns(genes), cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var patients = await reader.ReadStringsAsync("patient_id", cancellationToken).ConfigureAwait(false);
            var slides = await reader.ReadInt32sAsync("slides", cancellationToken).ConfigureAwait(false);
            var risks = await reader.ReadNullableDoublesAsync("risk_score", cancellationToken).ConfigureAwait(false);
            var groups = await reader.ReadStringsAsync("risk_group", cancellationToken).ConfigureAwait(false);
            var expression = new double?[genes.Count][];
            for (var g = 0; g < genes.Count; g++)
            {
                expression[g] = await reader.ReadNullableDoublesAsync(GenePrefix + genes[g], cancellationToken).ConfigureAwait(false);
            }

            return (genes, [.. patients.Select((p, i) => new PredictionRow(p, slides[i], risks[i], groups[i], [.. expression.Select(column => column[i])]))]);
        }
    }

    private static ParquetColumn[] Columns(IReadOnlyList<string> genes) =>
    [
        new("patient_id", ParquetColumnKind.String),
        new("slides", ParquetColumnKind.Int32),
        new("risk_score", ParquetColumnKind.NullableFloat64),
        new("risk_group", ParquetColumnKind.String),
        .. genes.Select(g => new ParquetColumn(GenePrefix + g, ParquetColumnKind.NullableFloat64)),
    ];

    private static async Task<Stream> Buffer(Stream source, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        await source.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        memory.Position = 0;
        return memory;
    }
}
