namespace CohortGrid.Analytics.Expression;

/// <summary>
/// Validated, transformed expression targets (samples × genes). Unusable input fails with the sample and gene named;
/// a gene with the same value in every sample cannot be predicted or correlated, so it is set aside in
/// <see cref="Skipped"/> with the reason instead of failing the cohort.
/// </summary>
public sealed class ExpressionTargets
{
    private ExpressionTargets(IReadOnlyList<string> genes, IReadOnlyList<SkippedGene> skipped, DenseMatrix values)
    {
        Genes = genes;
        Skipped = skipped;
        Matrix = values;
    }

    /// <summary>The genes kept, in input order; column <c>g</c> of the targets is <c>Genes[g]</c>.</summary>
    public IReadOnlyList<string> Genes { get; }

    /// <summary>Genes left out, with the reason.</summary>
    public IReadOnlyList<SkippedGene> Skipped { get; }

    /// <summary>Number of samples (rows).</summary>
    public int SampleCount => Matrix.Rows;

    internal DenseMatrix Matrix { get; }

    /// <summary>The transformed target of one sample and kept gene.</summary>
    public double Value(int sample, int gene) => Matrix[sample, gene];

    /// <summary>The transformed targets as rows, one per sample.</summary>
    public double[][] ToRows() => Matrix.ToRows();

    /// <summary>Validates and transforms measured expression: <paramref name="samples"/>[i][g] is gene g in sample i.</summary>
    /// <exception cref="AnalyticsException">
    /// Duplicate or empty gene names, a row whose length differs from the gene count, a value that is not finite, a
    /// negative TPM, or no gene left that varies.
    /// </exception>
    public static ExpressionTargets Create(IReadOnlyList<string> genes, IReadOnlyList<double[]> samples, ExpressionScale scale)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(samples);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gene in genes)
        {
            if (string.IsNullOrWhiteSpace(gene))
            {
                throw new AnalyticsException("expression: a gene name is empty");
            }

            if (!seen.Add(gene))
            {
                throw new AnalyticsException($"expression: gene '{gene}' appears twice");
            }
        }

        if (samples.Count == 0)
        {
            throw new AnalyticsException("expression: no samples");
        }

        var all = new DenseMatrix(samples.Count, genes.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = samples[i] ?? throw new AnalyticsException($"expression: sample {i} is missing");
            if (row.Length != genes.Count)
            {
                throw new AnalyticsException($"expression: sample {i} has {row.Length} values for {genes.Count} genes");
            }

            for (var g = 0; g < row.Length; g++)
            {
                var value = row[g];
                if (!double.IsFinite(value))
                {
                    throw new AnalyticsException($"expression: gene '{genes[g]}' in sample {i} is {value}, not a finite number");
                }

                if (scale == ExpressionScale.Log2Tpm1 && value < 0)
                {
                    throw new AnalyticsException($"expression: gene '{genes[g]}' in sample {i} has negative TPM {value}");
                }

                all[i, g] = ExpressionTransform.Apply(value, scale);
            }
        }

        var kept = new List<int>();
        var skipped = new List<SkippedGene>();
        for (var g = 0; g < genes.Count; g++)
        {
            var first = all[0, g];
            var constant = true;
            for (var i = 1; i < all.Rows && constant; i++)
            {
                constant = all[i, g] == first;
            }

            if (constant)
            {
                skipped.Add(new SkippedGene(genes[g], $"zero variance: {first} in all {all.Rows} samples"));
            }
            else
            {
                kept.Add(g);
            }
        }

        if (kept.Count == 0)
        {
            throw new AnalyticsException($"expression: none of the {genes.Count} genes varies across samples");
        }

        var values = new DenseMatrix(all.Rows, kept.Count);
        for (var i = 0; i < all.Rows; i++)
        {
            for (var k = 0; k < kept.Count; k++)
            {
                values[i, k] = all[i, kept[k]];
            }
        }

        return new ExpressionTargets([.. kept.Select(g => genes[g])], skipped, values);
    }
}
