using CohortGrid.Analytics.Survival;
using CohortGrid.Testing;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>R's <c>lung</c> dataset from the shared test data (status 1 = censored, 2 = dead; empty = NA).</summary>
internal static class Lung
{
    public static CsvTable Table() => CsvTable.Load(TestData.Path("survival", "lung.csv"));

    /// <summary>The rows complete in <paramref name="columns"/> (and time, status), as R's default na.action leaves them.</summary>
    public static CsvTable Complete(params string[] columns) =>
        Table() is var table ? table.Rows(table.CompleteRows(["time", "status", .. columns])) : null!;

    public static SurvivalData Outcomes(CsvTable table) => SurvivalData.FromCodes(table.Numbers("time"), table.Numbers("status"));

    public static Covariate[] Covariates(CsvTable table, params string[] names) =>
        [.. names.Select(n => new Covariate(n, table.Numbers(n)))];
}
