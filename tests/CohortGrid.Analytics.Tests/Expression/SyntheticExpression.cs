namespace CohortGrid.Analytics.Tests.Expression;

/// <summary>Seeded Gaussian designs and targets for the expression tests.</summary>
internal static class SyntheticExpression
{
    public static double[][] Gaussian(Random random, int rows, int cols, double scale = 1, double offset = 0)
    {
        var m = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            m[i] = new double[cols];
            for (var j = 0; j < cols; j++)
            {
                m[i][j] = offset + (scale * Normal(random));
            }
        }

        return m;
    }

    /// <summary>Box–Muller: two uniforms to one standard normal.</summary>
    public static double Normal(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    public static string[] GeneNames(int count) => [.. Enumerable.Range(0, count).Select(g => $"GENE{g}")];

    public static double[] Column(IReadOnlyList<double[]> rows, int col) => [.. rows.Select(r => r[col])];
}
