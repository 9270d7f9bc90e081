using CohortGrid.Analytics;
using CohortGrid.Analytics.Aggregation;
using CohortGrid.Contracts;
using CohortGrid.Inference;

namespace CohortGrid.Grains.Services;

/// <summary>The aggregation choices of <see cref="AnalysisOptions"/>, checked and parsed.</summary>
/// <param name="Slide"><c>mean</c>, <c>attention</c> or <c>top-k</c>.</param>
/// <param name="Patient">How a patient's slides become one risk.</param>
/// <param name="TopK">Tiles averaged by top-k.</param>
/// <param name="AttentionWeights">The attention head's weights (attention only).</param>
/// <param name="AttentionBias">The attention head's bias.</param>
internal sealed record AnalysisAggregation(string Slide, PatientAggregationKind Patient, int TopK, double[]? AttentionWeights, double AttentionBias)
{
    public bool NeedsTiles => Slide != "mean";

    public bool IsTopK => Slide == "top-k";

    /// <summary>Whether a patient's risk is a combination of slide risks rather than the head applied to its mean vector.</summary>
    public bool CombinesSlideRisks => IsTopK || Patient != PatientAggregationKind.MeanVector;

    /// <exception cref="AnalyticsException">An unknown choice, or an attention head that is missing or not a one-output linear head of the right width.</exception>
    public static AnalysisAggregation From(AnalysisOptions options, string modelsDirectory, int dimension)
    {
        var patient = options.PatientAggregation switch
        {
            "mean-vector" => PatientAggregationKind.MeanVector,
            "max-risk" => PatientAggregationKind.MaxRisk,
            "mean-risk" => PatientAggregationKind.MeanRisk,
            _ => throw new AnalyticsException($"Unknown patient aggregation '{options.PatientAggregation}': use mean-vector, max-risk or mean-risk."),
        };
        if (options.TopK < 1)
        {
            throw new AnalyticsException($"TopK must be at least 1, not {options.TopK}.");
        }

        switch (options.SlideAggregation)
        {
            case "mean":
            case "top-k":
                return new(options.SlideAggregation, patient, options.TopK, null, 0);
            case "attention":
                var id = options.AttentionHeadId ?? throw new AnalyticsException("Attention aggregation needs AttentionHeadId: a linear head card with one output in the models folder.");
                var path = Path.Combine(modelsDirectory, id + ModelCard.FileSuffix);
                if (!File.Exists(path))
                {
                    throw new AnalyticsException($"Attention head '{id}' not found ({path}).");
                }

                var card = ModelCard.Load(path);
                if (card.Format != ModelFormat.Linear || card.EmbeddingDim != 1 || card.InputDim != dimension || card.Weights is null)
                {
                    throw new AnalyticsException($"Attention head '{id}' must be a linear head with 1 output over {dimension}-d embeddings (it has format {card.Format}, {card.EmbeddingDim} outputs, input {card.InputDim}).");
                }

                return new("attention", patient, options.TopK, [.. card.Weights[0].Select(w => (double)w)], card.Bias is { Length: 1 } b ? b[0] : 0);
            default:
                throw new AnalyticsException($"Unknown slide aggregation '{options.SlideAggregation}': use mean, attention or top-k.");
        }
    }
}
