using CohortGrid.Analytics;
using CohortGrid.Analytics.Cohorts;
using CohortGrid.Analytics.Expression;
using CohortGrid.Analytics.Plots;
using CohortGrid.Analytics.Survival;
using CohortGrid.Contracts;
using CohortGrid.Slides.Imaging;
using CohortGrid.Storage.Formats;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains.Services;

/// <summary>
/// The cohort's analytics, run when every slide is done (see docs/analytics.md). A cohort with outcomes and/or
/// measured expression and no <see cref="AnalysisOptions.HeadId"/> trains heads with cross-validation and saves them
/// under <c>heads/{cohortId}/</c>; one naming a head is scored with it (and validated when it has labels). Writes
/// <c>predictions.parquet</c>, <c>survival.json</c>, <c>expression.parquet</c>, plots and per-slide maps.
/// </summary>
public sealed partial class CohortAnalysisWriter(ResultStore results, Microsoft.Extensions.Options.IOptions<CohortGridOptions> settings, ILogger<CohortAnalysisWriter> logger) : ICohortCompletionHook
{
    /// <summary>Slides that get tile maps; beyond this a cohort's maps would cost more than its analysis.</summary>
    public const int MaxMappedSlides = 500;

    public static string HeadsBlob(string headId) => $"heads/{headId}/heads.json";

    public async Task OnCompletedAsync(CohortCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        try
        {
            // Off the grain's scheduler: the analysis is CPU work, and parallel loops inside it must not queue their
            // tasks behind the (single-threaded) activation they were started from.
            await Task.Run(() => AnalyseAsync(completion, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not Storage.Blobs.BlobStoreException { IsTransient: true })
        {
            // Storage outages are retried by the cohort; anything else would fail the same way on every retry.
            // Input the analysis cannot use is the researcher's to fix: say so next to the results, once, instead of
            // failing the cohort's completion (which would retry the same analysis forever).
            LogFailed(logger, ex, completion.CohortId, ex.Message);
            var kind = ex is AnalyticsException ? "input" : "internal";
            await results.WriteJsonAsync(completion.Prefix + "analysis_error.json", new { Kind = kind, Error = ex.Message }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnalyseAsync(CohortCompletion completion, CancellationToken cancellationToken)
    {
        var manifest = completion.Submission.Manifest;
        var options = completion.Submission.Analysis ?? new AnalysisOptions();
        var slides = completion.Results.Where(r => r.SlideVector.Count > 0 && r.Tiles > 0).ToList();
        var labelled = manifest.Clinical.Any(c => c.Time is not null && c.Event is not null);
        if (slides.Count == 0 || (options.HeadId is null && options.SlideHeadId is null && !labelled && manifest.Expression is null))
        {
            return; // nothing to fit and nothing to score with
        }

        FrozenHeads? heads = null;
        if (options.HeadId is { } headId)
        {
            heads = await results.ReadJsonAsync<FrozenHeads>(HeadsBlob(headId), cancellationToken).ConfigureAwait(false)
                ?? throw new AnalyticsException($"No frozen heads '{headId}': train a cohort with that id first (heads are saved to {HeadsBlob(headId)}).");
            if (heads.EncoderId != completion.Submission.EncoderId)
            {
                throw new AnalyticsException($"Heads '{headId}' take {heads.EncoderId} embeddings; this cohort was embedded with {completion.Submission.EncoderId}.");
            }
        }

        // Slide vectors by the chosen tile aggregation (mean, or attention pooling over the tiles).
        if (heads is { SlideAggregation: "attention" } && options.SlideAggregation != "attention")
        {
            throw new AnalyticsException($"Heads '{heads.Id}' were fitted on attention-pooled slide vectors; score with SlideAggregation 'attention' and the same attention head.");
        }

        var aggregation = AnalysisAggregation.From(options, settings.Value.ModelsDirectory, slides[0].SlideVector.Count);
        var vectors = slides.ToDictionary(s => s.SlideId, s => s.SlideVector.Select(v => (double)v).ToArray(), StringComparer.Ordinal);
        var attention = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (aggregation.AttentionWeights is { } attentionWeights)
        {
            foreach (var slide in slides)
            {
                var tiles = await LoadTilesAsync(slide, cancellationToken).ConfigureAwait(false);
                (vectors[slide.SlideId], attention[slide.SlideId]) = Analytics.Aggregation.TileAggregation.Attention(tiles.Tiles.Features.Span, tiles.Tiles.Dimension, attentionWeights, aggregation.AttentionBias);
            }
        }

        // Patients in manifest order, each with the mean of its slide vectors.
        var patientVectors = Analytics.Aggregation.PatientAggregation.MeanVectors(slides.Select(s => (s.PatientId, vectors[s.SlideId])));
        SurvivalReport? survival = null;
        ExpressionReport? expression = null;

        var clinical = manifest.Clinical.Where(c => c.Time is not null && c.Event is not null).ToDictionary(c => c.PatientId, StringComparer.Ordinal);
        var withOutcome = patientVectors.Where(p => clinical.ContainsKey(p.PatientId)).ToList();
        if (withOutcome.Count > 0 && (heads is null || heads.Survival is not null))
        {
            var data = SurvivalData.Create(
                [.. withOutcome.Select(p => clinical[p.PatientId].Time!.Value)],
                [.. withOutcome.Select(p => clinical[p.PatientId].Event == 1)],
                [.. withOutcome.Select(p => p.PatientId)]);
            var covariates = options.ClinicalCovariates
                .Select(name => new Covariate(name, [.. withOutcome.Select(p => clinical[p.PatientId].Covariates.TryGetValue(name, out var v) ? v : double.NaN)]))
                .ToList();
            var ids = withOutcome.Select(p => p.PatientId).ToList();
            if (options.SlideHeadId is { } slideHeadId)
            {
                // A researcher's own model (ONNX or linear card): its first output is the risk; groups from this cohort's tertiles.
                var risks = RunSlideHead(slideHeadId, [.. withOutcome.Select(p => p.Vector)]);
                var (cutOffs, names) = SurvivalHeadTrainer.RiskGroupCutOffs(risks, options.RiskGroups);
                var external = new SurvivalHead(new LinearScore(new double[withOutcome[0].Vector.Length], 0), cutOffs, names, 0, 0);
                survival = SurvivalAnalysis.ValidateRisks(ids, risks, data, external, options.Seed, covariates);
            }
            else if (heads?.Survival is { } frozen)
            {
                var scores = await ScoreSlidesAsync(slides, vectors, heads, aggregation, cancellationToken).ConfigureAwait(false);
                survival = aggregation.CombinesSlideRisks
                    ? SurvivalAnalysis.ValidateRisks(ids, [.. ids.Select(p => PatientRisk(p, slides, scores, aggregation))], data, frozen, options.Seed, covariates)
                    : SurvivalAnalysis.Validate(ids, [.. withOutcome.Select(p => p.Vector)], data, frozen, options.Seed, covariates);
            }
            else
            {
                survival = SurvivalAnalysis.Train(ids, [.. withOutcome.Select(p => p.Vector)], data, options.Folds, options.Seed, options.RiskGroups, covariates);
            }
        }

        if (manifest.Expression is { } measured && (heads is null || heads.Expression is not null))
        {
            var bySlide = measured.Rows.ToDictionary(r => r.SlideId, StringComparer.Ordinal);
            var expressed = slides.Where(s => bySlide.ContainsKey(s.SlideId)).ToList();
            var targets = ExpressionTargets.Create(
                measured.Genes,
                [.. expressed.Select(s => bySlide[s.SlideId].Values.ToArray())],
                measured.IsLogTransformed ? ExpressionScale.Log : ExpressionScale.Log2Tpm1);
            var x = expressed.Select(s => vectors[s.SlideId]).ToList();
            expression = heads?.Expression is { } frozen
                ? ExpressionAnalysis.Validate(x, targets, frozen)
                : ExpressionAnalysis.Train(x, targets, [.. expressed.Select(s => s.PatientId)], options.Folds, options.Seed, cancellationToken);
        }

        var used = heads ?? new FrozenHeads
        {
            Id = completion.CohortId,
            EncoderId = completion.Submission.EncoderId,
            Dimension = slides[0].SlideVector.Count,
            SlideAggregation = aggregation.Slide,
            PatientAggregation = options.PatientAggregation,
            Survival = survival?.Head,
            Expression = expression?.Head,
            TrainingCIndex = survival?.CIndex.C,
            WellPredictedGenes = expression?.WellPredicted ?? [],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        if (heads is null)
        {
            await results.WriteJsonAsync(HeadsBlob(used.Id), used, cancellationToken).ConfigureAwait(false);
            await WriteHeadCardsAsync(used, cancellationToken).ConfigureAwait(false);
        }

        var slideScores = await ScoreSlidesAsync(slides, vectors, used, aggregation, cancellationToken).ConfigureAwait(false);
        List<(string PatientId, double Risk, string Group)>? ownPredictions = null;
        if (options.SlideHeadId is { } ownHead && survival is null)
        {
            // An unlabelled cohort scored with a researcher's own head: its risks are the predictions, grouped by this cohort's quantiles.
            var ownRisks = RunSlideHead(ownHead, [.. patientVectors.Select(p => p.Vector)]);
            var (cutOffs, names) = SurvivalHeadTrainer.RiskGroupCutOffs(ownRisks, options.RiskGroups);
            var grouping = new SurvivalHead(new LinearScore(new double[patientVectors[0].Vector.Length], 0), cutOffs, names, 0, 0);
            ownPredictions = patientVectors.Select((p, i) => (p.PatientId, ownRisks[i], grouping.GroupOf(ownRisks[i]))).ToList();
        }
        await WritePredictionsAsync(completion, patientVectors, slides, used, survival?.Risks ?? ownPredictions, slideScores, aggregation, cancellationToken).ConfigureAwait(false);
        if (survival is not null)
        {
            await WriteSurvivalAsync(completion.Prefix, survival, aggregation, cancellationToken).ConfigureAwait(false);
        }

        if (expression is not null)
        {
            await WriteExpressionAsync(completion.Prefix, expression, cancellationToken).ConfigureAwait(false);
        }

        await WriteMapsAsync(completion, slides, used, expression, attention, cancellationToken).ConfigureAwait(false);
        LogAnalysed(logger, completion.CohortId, heads is null ? "training" : "validation", survival?.CIndex.C, expression?.WellPredicted.Count);
    }

    /// <summary>
    /// The heads also as the inference engine's JSON linear-head cards (<c>heads/{id}/{id}-survival.card.json</c>,
    /// <c>-expression.card.json</c>): copied into a models folder, GPU silos run them like any other slide or tile head.
    /// </summary>
    private async Task WriteHeadCardsAsync(FrozenHeads heads, CancellationToken cancellationToken)
    {
        var cards = new List<(string Name, Inference.LinearHead Head)>();
        if (heads.Survival is { } survival)
        {
            cards.Add(($"{heads.Id}-survival", Inference.LinearHead.Create(
                $"{heads.Id}-survival", "1", Inference.ModelKind.SlideHead, [[.. survival.Score.Weights.Select(w => (float)w)]], [(float)survival.Score.Bias], ["risk"],
                $"Cox risk from {heads.EncoderId} slide embeddings, trained on cohort {heads.Id}; risk groups cut at {string.Join(", ", survival.CutOffs)}.")));
        }

        if (heads.Expression is { } expression)
        {
            cards.Add(($"{heads.Id}-expression", Inference.LinearHead.Create(
                $"{heads.Id}-expression", "1", Inference.ModelKind.SlideHead, [.. expression.Scores.Select(s => s.Weights.Select(w => (float)w).ToArray())], [.. expression.Scores.Select(s => (float)s.Bias)], expression.Genes,
                $"log2(1+TPM) per gene from {heads.EncoderId} slide embeddings, trained on cohort {heads.Id}.")));
        }

        foreach (var (name, head) in cards)
        {
            using (head)
            {
                var local = results.TempFile(name);
                try
                {
                    head.Card.Save(local);
                    await results.UploadFileAsync($"heads/{heads.Id}/{name}{Inference.ModelCard.FileSuffix}", local, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    File.Delete(local);
                }
            }
        }
    }

    private async Task WritePredictionsAsync(
        CohortCompletion completion,
        IReadOnlyList<(string PatientId, double[] Vector, int Slides)> patients,
        IReadOnlyList<SlideResult> slides,
        FrozenHeads heads,
        IReadOnlyList<(string PatientId, double Risk, string Group)>? knownRisks,
        IReadOnlyDictionary<string, (double? Risk, double[] Genes)> slideScores,
        AnalysisAggregation aggregation,
        CancellationToken cancellationToken)
    {
        // A training cohort reports its out-of-fold risks (a patient's risk never comes from a model that saw it); a
        // cohort scored with its own slide head reports that head's risks.
        var reported = knownRisks?.ToDictionary(r => r.PatientId, r => (r.Risk, r.Group), StringComparer.Ordinal);
        var genes = heads.Expression?.Genes ?? [];
        var rows = new List<PredictionRow>();
        foreach (var (patient, vector, count) in patients)
        {
            double? risk = null;
            var group = "";
            if (reported is not null && reported.TryGetValue(patient, out var known))
            {
                (risk, group) = known;
            }
            else if (heads.Survival is { } head)
            {
                risk = aggregation.CombinesSlideRisks ? PatientRisk(patient, slides, slideScores, aggregation) : head.Score.Apply(vector);
                group = head.GroupOf(risk.Value);
            }

            var predicted = heads.Expression is not null
                ? MeanOf(slides.Where(s => s.PatientId == patient).Select(s => slideScores[s.SlideId].Genes))
                : [];
            rows.Add(new PredictionRow(patient, count, risk, group, [.. predicted.Select(v => (double?)v)]));
        }

        using var buffer = new MemoryStream();
        await PredictionsFile.WriteAsync(buffer, genes, rows, heads.Id, cancellationToken).ConfigureAwait(false);
        await results.WriteAsync(completion.Prefix + "predictions.parquet", buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteSurvivalAsync(string prefix, SurvivalReport report, AnalysisAggregation aggregation, CancellationToken cancellationToken)
    {
        var document = new
        {
            report.Role,
            Aggregation = new
            {
                aggregation.Slide,
                Patient = aggregation.Patient.ToString(),
                TopK = aggregation.IsTopK ? aggregation.TopK : (int?)null,

                // Training risks are out-of-fold scores of the patients' mean vectors, whatever the choice above.
                RisksFrom = report.Role == "training" ? "out-of-fold, patient mean vector" : aggregation.CombinesSlideRisks ? "slide risks combined" : "patient mean vector",
            },
            report.Patients,
            report.Events,
            CIndex = new { report.CIndex.C, report.CIndex.Lower, report.CIndex.Upper, report.CIndex.Level, report.CIndex.Replicates },
            report.FoldCIndex,
            LogRank = report.LogRank is { } test ? new { test.ChiSquare, test.DegreesOfFreedom, test.P, Groups = test.Groups } : null,
            HazardRatios = report.GroupHazardRatios,
            Multivariable = report.Multivariable is null ? null : new { Patients = report.MultivariablePatients, Coefficients = report.Multivariable },
            Curves = report.Curves.Select(c => new { c.Group, c.Count, Events = c.EventCount, c.Median, Steps = c.Steps.Select(s => new { s.Time, s.AtRisk, s.Events, s.Censored, s.Survival, s.Lower, s.Upper }) }),
            Head = new { report.Head.Components, report.Head.Penalty, report.Head.CutOffs, report.Head.GroupNames },
        };
        await results.WriteJsonAsync(prefix + "survival.json", document, cancellationToken).ConfigureAwait(false);

        var series = report.Curves.Select(c => new KaplanMeierSeries(
            c.Group ?? "all",
            c.Count,
            [.. c.Steps.Select(s => new KmPoint(s.Time, s.Survival, s.Lower, s.Upper))],
            [.. c.Steps.Where(s => s.Censored > 0).Select(s => s.Time)])).ToList();
        var plot = new KaplanMeierPlot(series)
        {
            Title = $"Kaplan-Meier by image risk group ({report.Role}, C = {report.CIndex.C:0.000})",
            Annotation = report.LogRank is { } logRank ? $"log-rank p = {(logRank.P < 1e-4 ? logRank.P.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture) : logRank.P.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture))}" : null,
        };
        await results.WriteAsync(prefix + "plots/km_risk_groups.svg", System.Text.Encoding.UTF8.GetBytes(plot.ToSvg()), cancellationToken).ConfigureAwait(false);
        await results.WriteAsync(prefix + "plots/km_risk_groups.png", plot.ToPng(), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteExpressionAsync(string prefix, ExpressionReport report, CancellationToken cancellationToken)
    {
        var rows = report.Genes.Select(g => new GeneMetricRow(g.Gene, g.N, Finite(g.R), Finite(g.P), Finite(g.Q), Finite(g.Lambda))).ToList();
        using (var buffer = new MemoryStream())
        {
            await ExpressionMetricsFile.WriteAsync(buffer, rows, cancellationToken).ConfigureAwait(false);
            await results.WriteAsync(prefix + "expression.parquet", buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        // Predicted against measured for the best genes, one panel each.
        var genes = report.Genes.Select((g, i) => (g, i)).Where(p => double.IsFinite(p.g.R)).OrderByDescending(p => p.g.R).Take(6).ToList();
        if (genes.Count > 0)
        {
            var panels = genes.Select(p => new ScatterPlot(p.g.Gene, [.. report.Measured.Select(row => row[p.i])], [.. report.Predicted.Select(row => row[p.i])])).ToList();
            var grid = new ScatterPlotGrid(panels) { Title = $"Predicted vs measured expression ({report.Role})" };
            await results.WriteAsync(prefix + "plots/expression_top_genes.svg", System.Text.Encoding.UTF8.GetBytes(grid.ToSvg()), cancellationToken).ConfigureAwait(false);
            await results.WriteAsync(prefix + "plots/expression_top_genes.png", grid.ToPng(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Per slide: tile risk and the best-predicted gene's tile scores over the thumbnail.</summary>
    private async Task WriteMapsAsync(CohortCompletion completion, IReadOnlyList<SlideResult> slides, FrozenHeads heads, ExpressionReport? expression, IReadOnlyDictionary<string, double[]> attention, CancellationToken cancellationToken)
    {
        var topGene = expression?.Genes.Where(g => double.IsFinite(g.R)).OrderByDescending(g => g.R).FirstOrDefault()?.Gene;
        var geneIndex = topGene is null || heads.Expression is null ? -1 : Array.IndexOf(heads.Expression.Genes, topGene);
        if (heads.Survival is null && geneIndex < 0 && attention.Count == 0)
        {
            return;
        }

        foreach (var slide in slides.Take(MaxMappedSlides))
        {
            var slidePrefix = ResultStore.SlidePrefix(completion.CohortId, slide.SlideId);
            var thumbnail = await results.ReadAsync(slidePrefix + "thumbnail.png", cancellationToken).ConfigureAwait(false);
            if (thumbnail is null || slide.ThumbnailScaleX <= 0 || slide.ThumbnailScaleY <= 0)
            {
                continue; // a slide cached before thumbnails recorded their scale
            }

            var content = await LoadTilesAsync(slide, cancellationToken).ConfigureAwait(false);
            var tiles = content.Tiles;
            var metadata = content.Metadata;
            var footprint = metadata.TileSize * metadata.Mpp / metadata.Level0Mpp;
            var image = PngDecoder.Read(thumbnail.Content.Span);
            var origins = Enumerable.Range(0, tiles.Count).Select(i => new TileOrigin(tiles.Coords.Span[2 * i], tiles.Coords.Span[(2 * i) + 1])).ToList();
            if (heads.Survival is { } survivalHead)
            {
                var risk = Enumerable.Range(0, tiles.Count).Select(i => survivalHead.Score.Apply(tiles.Row(i))).ToList();
                await WriteMapAsync(slidePrefix + "map_risk.png", image, slide, origins, footprint, risk, ColormapKind.BlueWhiteRed, cancellationToken).ConfigureAwait(false);
            }

            if (attention.TryGetValue(slide.SlideId, out var weights))
            {
                await WriteMapAsync(slidePrefix + "map_attention.png", image, slide, origins, footprint, weights, ColormapKind.Viridis, cancellationToken).ConfigureAwait(false);
            }

            if (geneIndex >= 0)
            {
                var score = heads.Expression!.Scores[geneIndex];
                var values = Enumerable.Range(0, tiles.Count).Select(i => score.Apply(tiles.Row(i))).ToList();
                await WriteMapAsync(slidePrefix + $"map_gene_{topGene}.png", image, slide, origins, footprint, values, ColormapKind.Viridis, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task WriteMapAsync(string name, RgbImage thumbnail, SlideResult slide, IReadOnlyList<TileOrigin> origins, double footprint, IReadOnlyList<double> values, ColormapKind colormap, CancellationToken cancellationToken)
    {
        var map = new TileHeatmap(thumbnail, 1 / slide.ThumbnailScaleX, 1 / slide.ThumbnailScaleY, origins, footprint, footprint, values, TileHeatmapOptions.Default with { Colormap = colormap });
        return results.WriteAsync(name, map.ToPng(), cancellationToken);
    }

    /// <summary>
    /// Each slide's risk and predicted genes under <paramref name="heads"/>: the heads applied to the slide vector, or,
    /// with top-k aggregation, the mean of the k highest tile scores (per output).
    /// </summary>
    private async Task<Dictionary<string, (double? Risk, double[] Genes)>> ScoreSlidesAsync(
        IReadOnlyList<SlideResult> slides,
        IReadOnlyDictionary<string, double[]> vectors,
        FrozenHeads heads,
        AnalysisAggregation aggregation,
        CancellationToken cancellationToken)
    {
        var scores = new Dictionary<string, (double? Risk, double[] Genes)>(StringComparer.Ordinal);
        foreach (var slide in slides)
        {
            if (!aggregation.IsTopK)
            {
                scores[slide.SlideId] = (heads.Survival?.Score.Apply(vectors[slide.SlideId]), heads.Expression?.Predict(vectors[slide.SlideId]) ?? []);
                continue;
            }

            var tiles = (await LoadTilesAsync(slide, cancellationToken).ConfigureAwait(false)).Tiles;
            double TopK(LinearScore score) => Analytics.Aggregation.TileAggregation.TopKMean(
                Analytics.Aggregation.TileAggregation.Scores(tiles.Features.Span, tiles.Dimension, score.Weights, score.Bias), aggregation.TopK);
            scores[slide.SlideId] = (heads.Survival is { } survival ? TopK(survival.Score) : null, heads.Expression?.Scores.Select(TopK).ToArray() ?? []);
        }

        return scores;
    }

    /// <summary>Runs a user-supplied slide head from the models folder on <paramref name="vectors"/>; its first output per row.</summary>
    private double[] RunSlideHead(string id, IReadOnlyList<double[]> vectors)
    {
        var path = Path.Combine(settings.Value.ModelsDirectory, id + Inference.ModelCard.FileSuffix);
        if (!File.Exists(path))
        {
            throw new AnalyticsException($"Slide head '{id}' not found ({path}).");
        }

        using var model = Inference.ModelLoader.Load(path);
        var width = vectors[0].Length;
        if (model.InputRowLength != width)
        {
            throw new AnalyticsException($"Slide head '{id}' takes {model.InputRowLength} values per slide; the cohort's slide vectors have {width}.");
        }

        var input = vectors.SelectMany(v => v.Select(x => (float)x)).ToArray();
        var output = new float[vectors.Count * model.OutputRowLength];
        model.Run(input, vectors.Count, output);
        return [.. Enumerable.Range(0, vectors.Count).Select(i => (double)output[i * model.OutputRowLength])];
    }

    private static double PatientRisk(string patient, IReadOnlyList<SlideResult> slides, IReadOnlyDictionary<string, (double? Risk, double[] Genes)> scores, AnalysisAggregation aggregation) =>
        Analytics.Aggregation.PatientAggregation.CombineRisks(
            [.. slides.Where(s => s.PatientId == patient).Select(s => scores[s.SlideId].Risk!.Value)],
            aggregation.Patient == Analytics.Aggregation.PatientAggregationKind.MaxRisk ? Analytics.Aggregation.PatientAggregationKind.MaxRisk : Analytics.Aggregation.PatientAggregationKind.MeanRisk);

    private async Task<TileFeatureFileContent> LoadTilesAsync(SlideResult slide, CancellationToken cancellationToken)
    {
        var local = results.TempFile($"{slide.SlideId}-tiles");
        try
        {
            await results.DownloadAsync(slide.FeaturesPath, local, cancellationToken).ConfigureAwait(false);
            return TileFeatureFile.Read(local, cancellationToken);
        }
        finally
        {
            File.Delete(local);
        }
    }

    private static double[] MeanOf(IEnumerable<double[]> rows)
    {
        double[]? sum = null;
        var count = 0;
        foreach (var row in rows)
        {
            sum ??= new double[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                sum[i] += row[i];
            }

            count++;
        }

        return sum is null ? [] : [.. sum.Select(v => v / count)];
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cohort {CohortId}: analytics not possible: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string cohortId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cohort {CohortId}: {Role} analytics written (C-index {CIndex}, well-predicted genes {Genes})")]
    private static partial void LogAnalysed(ILogger logger, string cohortId, string role, double? cIndex, int? genes);
}
