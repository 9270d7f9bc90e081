using System.Globalization;
using CohortGrid.Analytics.Survival;
using CohortGrid.Testing;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>
/// The R-exported datasets and reference numbers in Fixtures/ (made by Fixtures/make_fixtures.R): checked in, so
/// the tests need no R.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<Dictionary<string, double[]>> References = new(LoadReferences);

    public static string Path(string name) =>
        System.IO.Path.Combine(TestData.RepositoryRoot, "tests", "CohortGrid.Analytics.Tests", "Survival", "Fixtures", name);

    public static CsvTable Dataset(string name) => CsvTable.Load(Path(name));

    /// <summary>The numbers stored under <paramref name="key"/> in references.txt (NaN for R's NA).</summary>
    public static double[] Values(string key) =>
        References.Value.TryGetValue(key, out var values) ? values : throw new KeyNotFoundException($"no reference '{key}' in references.txt");

    public static double Value(string key) => Values(key).Single();

    public static SurvivalData Outcomes(CsvTable table, string time = "time", string status = "status") =>
        SurvivalData.FromCodes(table.Numbers(time), table.Numbers(status));

    public static Covariate[] Covariates(CsvTable table, params string[] names) =>
        [.. names.Select(n => new Covariate(n, table.Numbers(n)))];

    public static void AssertRelative(string key, IEnumerable<double> actual, double tolerance = 1e-6)
    {
        var expected = Values(key);
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(values[i] - expected[i]) <= tolerance * Math.Abs(expected[i]),
                $"{key}[{i}]: expected {expected[i]:R}, got {values[i]:R} (relative tolerance {tolerance})");
        }
    }

    public static void AssertAbsolute(string key, IEnumerable<double> actual, double tolerance)
    {
        var expected = Values(key);
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                double.IsNaN(expected[i]) ? double.IsNaN(values[i]) : Math.Abs(values[i] - expected[i]) <= tolerance,
                $"{key}[{i}]: expected {expected[i]:R}, got {values[i]:R} (absolute tolerance {tolerance})");
        }
    }

    private static Dictionary<string, double[]> LoadReferences()
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path("references.txt")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            result[line[..colon]] = [.. line[(colon + 2)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v == "NA" ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture))];
        }

        return result;
    }
}
