using System.Text.Json;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests;

public sealed class PredictionsFileTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly string[] Genes = ["GRADE_UP1", "NOISE1"];

    private static readonly PredictionRow[] Rows =
    [
        new("p01", 1, 0.75, "high", [7.5, 5.1]),
        new("p02", 2, -0.5, "low", [4.25, null]),
        new("p03", 1, null, "", [null, 4.9]),
    ];

    [Fact]
    public async Task Predictions_round_trip_with_missing_values_kept_as_null()
    {
        using var buffer = new MemoryStream();
        await PredictionsFile.WriteAsync(buffer, Genes, Rows, "train-crc", Cancellation);
        buffer.Position = 0;

        var (genes, rows) = await PredictionsFile.ReadAsync(buffer, Cancellation);

        Assert.Equal(Genes, genes);
        Assert.Equal(Rows.Select(r => (r.PatientId, r.Slides, r.RiskScore, r.RiskGroup)), rows.Select(r => (r.PatientId, r.Slides, r.RiskScore, r.RiskGroup)));
        Assert.Equal(Rows.Select(r => r.Expression.ToArray()), rows.Select(r => r.Expression.ToArray()));
    }

    [Fact]
    public async Task An_independent_reader_sees_one_column_per_gene_and_nulls_as_null()
    {
        using var temp = new TempDirectory();
        var path = temp.File("predictions.parquet");
        await using (var file = File.Create(path))
        {
            await PredictionsFile.WriteAsync(file, Genes, Rows, "train-crc", Cancellation);
        }

        using var json = JsonDocument.Parse(NodeTools.Run("parquet-dump.mjs", path));
        var root = json.RootElement;

        Assert.Equal(["patient_id", "slides", "risk_score", "risk_group", "expr_GRADE_UP1", "expr_NOISE1"], root.GetProperty("schema").GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("train-crc", root.GetProperty("metadata").GetProperty(PredictionsFile.HeadKey).GetString());
        var data = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(0.75, data[0].GetProperty("risk_score").GetDouble());
        Assert.Equal(JsonValueKind.Null, data[2].GetProperty("risk_score").ValueKind);
        Assert.Equal(JsonValueKind.Null, data[1].GetProperty("expr_NOISE1").ValueKind);
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_genes_is_rejected_naming_the_patient()
    {
        using var buffer = new MemoryStream();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PredictionsFile.WriteAsync(buffer, Genes, [new("p09", 1, 0.1, "low", [1.0])], "h", Cancellation));

        Assert.Contains("'p09'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public async Task Gene_metrics_round_trip()
    {
        GeneMetricRow[] metrics = [new("GRADE_UP1", 64, 0.93, 1e-20, 8e-20, 12.5), new("NOISE1", 64, null, null, null, null)];
        using var buffer = new MemoryStream();
        await ExpressionMetricsFile.WriteAsync(buffer, metrics, Cancellation);
        buffer.Position = 0;

        Assert.Equal(metrics, await ExpressionMetricsFile.ReadAsync(buffer, Cancellation));
    }
}
