namespace CohortGrid.Analytics.Expression;

/// <summary>
/// A row-major dense matrix over one flat array: the kernels here stream rows and pack panels, and a flat array
/// keeps that free of per-row indirection and bounds checks.
/// </summary>
internal sealed class DenseMatrix
{
    public DenseMatrix(int rows, int cols)
        : this(rows, cols, new double[checked(rows * cols)])
    {
    }

    public DenseMatrix(int rows, int cols, double[] data)
    {
        if (data.Length != checked(rows * cols))
        {
            throw new ArgumentException($"expected {rows * cols} values for {rows}x{cols}, got {data.Length}", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rows { get; }

    public int Cols { get; }

    public double[] Data { get; }

    public double this[int row, int col]
    {
        get => Data[(row * Cols) + col];
        set => Data[(row * Cols) + col] = value;
    }

    public Span<double> Row(int row) => Data.AsSpan(row * Cols, Cols);

    /// <summary>Copies jagged rows, checking that every row has <paramref name="cols"/> finite values.</summary>
    public static DenseMatrix FromRows(IReadOnlyList<double[]> rows, int cols, string what)
    {
        var m = new DenseMatrix(rows.Count, cols);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new AnalyticsException($"{what}: row {i} is missing");
            if (row.Length != cols)
            {
                throw new AnalyticsException($"{what}: row {i} has {row.Length} values, expected {cols}");
            }

            for (var j = 0; j < cols; j++)
            {
                if (!double.IsFinite(row[j]))
                {
                    throw new AnalyticsException($"{what}: value at row {i}, column {j} is {row[j]} (not a finite number)");
                }
            }

            row.CopyTo(m.Row(i));
        }

        return m;
    }

    public double[][] ToRows()
    {
        var rows = new double[Rows][];
        for (var i = 0; i < Rows; i++)
        {
            rows[i] = Row(i).ToArray();
        }

        return rows;
    }

    /// <summary>The rows listed, in that order (a fold's training or test samples).</summary>
    public DenseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        var m = new DenseMatrix(rows.Count, Cols);
        for (var i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(m.Row(i));
        }

        return m;
    }

    public DenseMatrix Transpose()
    {
        var t = new DenseMatrix(Cols, Rows);
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Cols; j++)
            {
                t.Data[(j * Rows) + i] = Data[(i * Cols) + j];
            }
        }

        return t;
    }
}
