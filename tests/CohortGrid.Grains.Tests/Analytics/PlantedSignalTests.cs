using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Inference;
using CohortGrid.SampleData;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Analytics;

/// <summary>
/// The science end to end through the cluster: survival and genes planted in synthetic slides' appearance are
/// found by a training cohort (cross-validated) and again by a validation cohort of other slides scored with the
/// frozen heads; an unlabelled cohort gets predictions only.
/// </summary>
public sealed class PlantedSignalTests
{
    private const int Patients = 64;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Planted_survival_and_genes_are_found_in_training_and_hold_in_validation()
    {
        using var data = new TempDirectory();
        var training = PlantedCohort.Create(seed: 21, Patients);
        var validation = PlantedCohort.Create(seed: 22, Patients);
        var unlabelled = PlantedCohort.Create(seed: 22, Patients, withLabels: false);
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o =>
        {
            o.AllowedRoots.Add(PlantedCohort.Root);
            o.MaxConcurrentSlides = 8;
            o.TilesPerBatch = 32;
        });

        await CohortOutputs.RunAsync(cluster.Client, "train", new CohortSubmission(training, CohortTestData.EncoderId, new AnalysisOptions { ClinicalCovariates = ["stage", "age"] }));
        await CohortOutputs.RunAsync(cluster.Client, "validate", new CohortSubmission(validation, CohortTestData.EncoderId, new AnalysisOptions { HeadId = "train" }));
        await CohortOutputs.RunAsync(cluster.Client, "score", new CohortSubmission(unlabelled, CohortTestData.EncoderId, new AnalysisOptions { HeadId = "train" }));

        var trained = CohortOutputs.Survival(data.Path, "train");
        Assert.Equal("training", trained.GetProperty("role").GetString());
        Assert.True(trained.GetProperty("cIndex").GetProperty("c").GetDouble() >= 0.7, $"training C-index {trained.GetProperty("cIndex")}");
        Assert.Equal(5, trained.GetProperty("foldCIndex").GetArrayLength());
        Assert.True(trained.GetProperty("logRank").GetProperty("p").GetDouble() < 0.01);

        // The multivariable model puts the image risk next to stage and age.
        var multivariable = trained.GetProperty("multivariable");
        Assert.Equal(Patients, multivariable.GetProperty("patients").GetInt32());
        Assert.Equal(["image_risk", "stage", "age"], multivariable.GetProperty("coefficients").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var validated = CohortOutputs.Survival(data.Path, "validate");
        Assert.Equal("validation", validated.GetProperty("role").GetString());
        Assert.True(validated.GetProperty("cIndex").GetProperty("c").GetDouble() >= 0.7, $"validation C-index {validated.GetProperty("cIndex")}");

        foreach (var cohort in new[] { "train", "validate" })
        {
            var genes = (await CohortOutputs.ExpressionMetricsAsync(data.Path, cohort)).ToDictionary(g => g.Gene);
            Assert.All(PlantedOutcomes.GradeGenes, gene => Assert.True(genes[gene].R >= 0.6, $"{cohort}: {gene} r = {genes[gene].R}"));
            Assert.All(PlantedOutcomes.NoiseGenes, gene => Assert.True(genes[gene].Q > 0.05, $"{cohort}: noise gene {gene} significant (r = {genes[gene].R}, q = {genes[gene].Q})"));
            Assert.True(PlantedOutcomes.NoiseGenes.Average(gene => Math.Abs(genes[gene].R ?? 0)) < 0.3);
        }

        // Predictions: every patient, a risk and a group, and every gene; the unlabelled cohort gets the same from the heads.
        var (predictedGenes, rows) = await CohortOutputs.PredictionsAsync(data.Path, "score");
        Assert.Equal(PlantedOutcomes.Genes, predictedGenes);
        Assert.Equal(Patients, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.NotNull(row.RiskScore);
            Assert.Contains(row.RiskGroup, new[] { "low", "intermediate", "high" });
            Assert.All(row.Expression, value => Assert.NotNull(value));
        });
        Assert.False(File.Exists(Path.Combine(CohortOutputs.Folder(data.Path, "score"), "survival.json")));

        // Maps and plots exist where a researcher looks for them.
        Assert.True(File.Exists(Path.Combine(CohortOutputs.Folder(data.Path, "train"), "plots", "km_risk_groups.png")));
        Assert.True(File.Exists(Path.Combine(CohortOutputs.Folder(data.Path, "train"), "plots", "expression_top_genes.svg")));
        Assert.True(File.Exists(Path.Combine(CohortOutputs.Folder(data.Path, "validate"), "slides", "slide-001", "map_risk.png")));
        Assert.True(File.Exists(Path.Combine(data.Path, "results", "heads", "train", "heads.json")));

        // The heads load as the inference engine's linear heads and give the risk the cluster reported.
        var card = ModelCard.Load(Path.Combine(data.Path, "results", "heads", "train", "train-survival.card.json"));
        using var head = new LinearHead(card);
        var vectors = await CohortOutputs.SlideVectorsAsync(data.Path, "score");
        var risk = new float[1];
        head.Run(vectors[0].Vector, 1, risk);
        Assert.Equal(rows.Single(r => r.PatientId == vectors[0].PatientId).RiskScore!.Value, risk[0], 3);
        Assert.True(File.Exists(Path.Combine(data.Path, "results", "heads", "train", "train-expression.card.json")));
    }
}
