using System.Text.Json;
using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Inference;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Analytics;

/// <summary>
/// Tile → slide and slide → patient aggregation choices through the cluster, checked against identities: top-k over
/// every tile of a linear head is the head on the mean tile; attention with equal scores is the mean; the mean of
/// one slide's risk is that risk.
/// </summary>
public sealed class AggregationChoiceTests
{
    private const int Patients = 64;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Top_k_attention_and_slide_risk_choices_score_a_cohort_and_are_recorded()
    {
        using var data = new TempDirectory();
        var models = Path.Combine(data.Path, "models");
        Directory.CreateDirectory(models);
        foreach (var file in Directory.GetFiles(CohortTestData.ModelsDirectory))
        {
            File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
        }

        // An attention head that scores every tile the same.
        using (var uniform = LinearHead.Create("uniform-attention", "1", ModelKind.TileHead, [new float[64]], [0f], ["attention"]))
        {
            uniform.Card.Save(Path.Combine(models, "uniform-attention" + ModelCard.FileSuffix));
        }

        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o =>
        {
            o.AllowedRoots.Add(PlantedCohort.Root);
            o.ModelsDirectory = models;
            o.MaxConcurrentSlides = 8;
            o.TilesPerBatch = 32;
        });
        var validation = PlantedCohort.Create(seed: 22, Patients);
        await CohortOutputs.RunAsync(cluster.Client, "train", new CohortSubmission(PlantedCohort.Create(seed: 21, Patients), CohortTestData.EncoderId));
        await CohortOutputs.RunAsync(cluster.Client, "mean", Scored(validation, new AnalysisOptions { HeadId = "train" }));
        await CohortOutputs.RunAsync(cluster.Client, "topk", Scored(validation, new AnalysisOptions { HeadId = "train", SlideAggregation = "top-k", TopK = 100_000, PatientAggregation = "mean-risk" }));
        await CohortOutputs.RunAsync(cluster.Client, "top1", Scored(validation, new AnalysisOptions { HeadId = "train", SlideAggregation = "top-k", TopK = 1, PatientAggregation = "max-risk" }));
        await CohortOutputs.RunAsync(cluster.Client, "attention", Scored(validation, new AnalysisOptions { HeadId = "train", SlideAggregation = "attention", AttentionHeadId = "uniform-attention" }));
        // The training cohort's survival card, used as a researcher's own slide head on an unlabelled cohort.
        File.Copy(Path.Combine(data.Path, "results", "heads", "train", "train-survival.card.json"), Path.Combine(models, "train-survival.card.json"));
        await CohortOutputs.RunAsync(cluster.Client, "own-head", Scored(PlantedCohort.Create(seed: 22, Patients, withLabels: false), new AnalysisOptions { SlideHeadId = "train-survival" }));
        await CohortOutputs.RunAsync(cluster.Client, "typo", Scored(validation, new AnalysisOptions { HeadId = "train", SlideAggregation = "median" }));

        var mean = await Rows(data.Path, "mean");
        foreach (var cohort in new[] { "topk", "attention" })
        {
            var other = await Rows(data.Path, cohort);
            Assert.Equal(mean.Select(r => r.PatientId), other.Select(r => r.PatientId));
            Assert.All(mean.Zip(other), pair =>
            {
                Assert.Equal(pair.First.RiskScore!.Value, pair.Second.RiskScore!.Value, 4);
                Assert.Equal(pair.First.Expression[0]!.Value, pair.Second.Expression[0]!.Value, 4);
            });
        }

        // The single highest tile is at least the mean tile, and above it wherever tiles differ.
        var top1 = await Rows(data.Path, "top1");
        Assert.All(mean.Zip(top1), pair => Assert.True(pair.Second.RiskScore >= pair.First.RiskScore - 1e-9));
        Assert.Contains(mean.Zip(top1), pair => pair.Second.RiskScore > pair.First.RiskScore + 1e-3);

        var own = await Rows(data.Path, "own-head");
        Assert.All(mean.Zip(own), pair => Assert.Equal(pair.First.RiskScore!.Value, pair.Second.RiskScore!.Value, 4));
        Assert.Equal(["high", "intermediate", "low"], own.Select(r => r.RiskGroup).Distinct().Order());

        var recorded = CohortOutputs.Survival(data.Path, "topk").GetProperty("aggregation");
        Assert.Equal("top-k", recorded.GetProperty("slide").GetString());
        Assert.Equal("MeanRisk", recorded.GetProperty("patient").GetString());
        Assert.Equal("slide risks combined", recorded.GetProperty("risksFrom").GetString());
        Assert.True(File.Exists(Path.Combine(CohortOutputs.Folder(data.Path, "attention"), "slides", "slide-001", "map_attention.png")));
        using var error = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CohortOutputs.Folder(data.Path, "typo"), "analysis_error.json"), Cancellation));
        Assert.Contains("Unknown slide aggregation 'median'", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static CohortSubmission Scored(CohortManifest manifest, AnalysisOptions options) => new(manifest, CohortTestData.EncoderId, options);

    private static async Task<IReadOnlyList<PredictionRow>> Rows(string data, string cohortId) => (await CohortOutputs.PredictionsAsync(data, cohortId)).Rows;
}
