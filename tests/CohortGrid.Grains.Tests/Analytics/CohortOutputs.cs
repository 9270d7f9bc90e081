using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Storage.Formats;

namespace CohortGrid.Grains.Tests.Analytics;

/// <summary>Runs a cohort to completion and reads its outputs from the local results folder.</summary>
internal static class CohortOutputs
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task RunAsync(IGrainFactory grains, string id, CohortSubmission submission)
    {
        var cohort = grains.GetGrain<ICohortGrain>(id);
        await cohort.Submit(submission);
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromMinutes(3));
        Assert.Equal(CohortState.Completed, status.State);
    }

    public static string Folder(string data, string cohortId) => Path.Combine(data, "results", "cohorts", cohortId);

    public static JsonElement Survival(string data, string cohortId)
    {
        var path = Path.Combine(Folder(data, cohortId), "survival.json");
        Assert.True(File.Exists(path), $"{cohortId}: no survival.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static async Task<IReadOnlyList<GeneMetricRow>> ExpressionMetricsAsync(string data, string cohortId)
    {
        await using var file = File.OpenRead(Path.Combine(Folder(data, cohortId), "expression.parquet"));
        return await ExpressionMetricsFile.ReadAsync(file, Cancellation);
    }

    public static async Task<IReadOnlyList<SlideVectorRow>> SlideVectorsAsync(string data, string cohortId)
    {
        await using var file = File.OpenRead(Path.Combine(Folder(data, cohortId), "slide_vectors.parquet"));
        return await SlideVectorsFile.ReadAsync(file, Cancellation);
    }

    public static async Task<(IReadOnlyList<string> Genes, IReadOnlyList<PredictionRow> Rows)> PredictionsAsync(string data, string cohortId)
    {
        await using var file = File.OpenRead(Path.Combine(Folder(data, cohortId), "predictions.parquet"));
        return await PredictionsFile.ReadAsync(file, Cancellation);
    }
}
