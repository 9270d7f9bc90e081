using System.Text.Json;
using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

/// <summary>
/// <c>cohortgrid survival fit|km|logrank</c> run in-process on lung.csv, compared with R's survival package
/// (shared/data/survival/lung_reference.txt).
/// </summary>
public sealed class SurvivalCommandTests
{
    private static string Lung => TestData.Path("survival", "lung.csv");

    [Fact]
    public void Fit_prints_R_coefficients_tests_and_concordance_for_lung()
    {
        var (code, output, error) = Cli.Run("survival", "fit", "--csv", Lung, "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("n = 227, events = 164, ties efron", output, StringComparison.Ordinal);
        Assert.Contains("event coding 1/2 (2 = event); 1 row dropped for NA", output, StringComparison.Ordinal);
        Assert.Matches(@"age\s+0\.0110668\s+1\.01113\s+0\.00926741", output);
        Assert.Matches(@"sex\s+-0\.552612\s+0\.575445\s+0\.167739", output);
        Assert.Contains("log-likelihood: null -744.480456, fitted -729.230121", output, StringComparison.Ordinal);
        Assert.Contains("concordance: 0.637135", output, StringComparison.Ordinal);
        Assert.Contains("likelihood ratio test: 30.5007 on 3 df", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("efron", new[] { 0.0110667645601, -0.5526123957036, 0.4637284753704 })]
    [InlineData("breslow", new[] { 0.0110411363495, -0.5518895697876, 0.4629470405902 })]
    public void Fit_json_matches_R_coefficients_for_both_tie_methods(string ties, double[] expected)
    {
        var (code, output, _) = Cli.Run("survival", "fit", "--csv", Lung, "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog", "--ties", ties, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var coefficients = json.RootElement.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("coef").GetDouble()).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(coefficients[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]), $"{ties} coefficient {i}: {coefficients[i]} vs {expected[i]}");
        }

        Assert.Equal(1, json.RootElement.GetProperty("rowsDropped").GetInt32());
        Assert.Equal("1/2 (2 = event)", json.RootElement.GetProperty("eventCoding").GetString());
        Assert.True(json.RootElement.GetProperty("converged").GetBoolean());
        if (ties == "efron")
        {
            Assert.Equal(-729.230121375, json.RootElement.GetProperty("logLik").GetDouble(), 1e-6);
            Assert.Equal(0.637135493, json.RootElement.GetProperty("concordance").GetProperty("c").GetDouble(), 1e-6);
        }
    }

    [Fact]
    public void Fit_with_strata_and_penalty_reports_them()
    {
        var (code, output, _) = Cli.Run("survival", "fit", "--csv", Lung, "--time", "time", "--event", "status", "--covariates", "age,ph.ecog", "--strata", "sex", "--penalty", "1");

        Assert.Equal(0, code);
        Assert.Contains("strata: sex (1, 2)", output, StringComparison.Ordinal);
        Assert.Contains("ridge penalty 1 (raw scale)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Km_at_times_matches_R_survfit_on_lung()
    {
        var (code, output, _) = Cli.Run("survival", "km", "--csv", Lung, "--time", "time", "--event", "status", "--at", "100,180,365,500,730", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var curve = json.RootElement.GetProperty("curves")[0];
        var steps = curve.GetProperty("steps").EnumerateArray().ToArray();
        double[] survival = [0.863968967645, 0.721670653410, 0.409241624460, 0.293269193712, 0.115693098345];
        double[] lower = [0.8205848920813, 0.6655423071306, 0.3447215817958, 0.2319821382624, 0.0716318249618];
        double[] upper = [0.909646746190, 0.782532569925, 0.485837603547, 0.370747595588, 0.186856791820];
        int[] atRisk = [196, 160, 65, 41, 13];
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.Equal(survival[i], steps[i].GetProperty("survival").GetDouble(), 1e-8);
            Assert.Equal(lower[i], steps[i].GetProperty("lower").GetDouble(), 1e-8);
            Assert.Equal(upper[i], steps[i].GetProperty("upper").GetDouble(), 1e-8);
            Assert.Equal(atRisk[i], steps[i].GetProperty("nRisk").GetInt32());
        }

        Assert.Equal(310, curve.GetProperty("median").GetDouble());
    }

    [Fact]
    public void Km_by_group_prints_a_curve_and_median_per_group()
    {
        var (code, output, _) = Cli.Run("survival", "km", "--csv", Lung, "--time", "time", "--event", "status", "--group", "sex", "--at", "365", "--conf-type", "log-log");

        Assert.Equal(0, code);
        Assert.Contains("conf-type log-log", output, StringComparison.Ordinal);
        Assert.Contains("sex=1: n = 138, events = 112, median 270", output, StringComparison.Ordinal);
        Assert.Contains("sex=2: n = 90, events = 53, median 426", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Logrank_matches_R_survdiff_by_sex()
    {
        var (code, output, _) = Cli.Run("survival", "logrank", "--csv", Lung, "--time", "time", "--event", "status", "--group", "sex", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(Math.Abs(json.RootElement.GetProperty("chiSquare").GetDouble() - 10.3267419549) < 1e-6 * 10.33);
        Assert.Equal(1, json.RootElement.GetProperty("df").GetInt32());
        var groups = json.RootElement.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(112, groups[0].GetProperty("observed").GetInt32());
        Assert.Equal(91.58173903, groups[0].GetProperty("expected").GetDouble(), 1e-7);
    }

    [Fact]
    public void Logrank_text_prints_the_chi_square_line()
    {
        var (code, output, _) = Cli.Run("survival", "logrank", "--csv", Lung, "--time", "time", "--event", "status", "--group", "sex");

        Assert.Equal(0, code);
        Assert.Contains("chi-square 10.3267 on 1 df, p = 0.00131", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_is_one_error_line_naming_it()
    {
        var (code, output, error) = Cli.Run("survival", "fit", "--csv", Lung, "--time", "time", "--event", "status", "--covariates", "age,tumour_size");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cohortgrid: error: lung.csv: no column 'tumour_size' (columns: inst, time, status, age", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_number_is_one_error_line_naming_line_and_column()
    {
        using var temp = new TempDirectory();
        var path = temp.File("cohort.csv");
        File.WriteAllText(path, "id,time,status,age\n\"p,1\",10,1,50\np2,20,0,sixty\np3,30,1,70\n");

        var (code, _, error) = Cli.Run("survival", "fit", "--csv", path, "--time", "time", "--event", "status", "--covariates", "age");

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("cohortgrid: error: cohort.csv: line 3, column 'age': 'sixty' is not a number.", line);
    }

    [Fact]
    public void An_invalid_event_code_is_one_error_line_naming_the_file_line()
    {
        using var temp = new TempDirectory();
        var path = temp.File("cohort.csv");
        File.WriteAllText(path, "time,status,age\n10,1,50\n20,3,60\n30,0,70\n");

        var (code, _, error) = Cli.Run("survival", "km", "--csv", path, "--time", "time", "--event", "status");

        Assert.Equal(1, code);
        Assert.StartsWith("cohortgrid: error: event code 3 in row 2 (line 3)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Perfect_separation_warns_and_reports_non_convergence()
    {
        using var temp = new TempDirectory();
        var path = temp.File("separated.csv");
        File.WriteAllText(path, "time,status,x\n1,1,8\n2,1,7\n3,1,6\n4,1,5\n5,1,4\n6,1,3\n7,1,2\n8,1,1\n");

        var (code, output, error) = Cli.Run("survival", "fit", "--csv", path, "--time", "time", "--event", "status", "--covariates", "x", "--json");

        Assert.Equal(0, code);
        Assert.StartsWith("cohortgrid: warning: the Cox fit did not converge", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("converged").GetBoolean());
    }
}
