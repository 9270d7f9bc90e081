using CohortGrid.Inference;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;

namespace CohortGrid.Embedding;

/// <summary>Turns a tile encoder's card into the slide engine's grid and preprocessing settings.</summary>
public static class EncoderSettings
{
    /// <summary>Grid at the encoder's resolution and input size (other grid settings from <paramref name="baseline"/>).</summary>
    public static SlidePlanOptions PlanOptions(ModelCard card, SlidePlanOptions? baseline = null)
    {
        RequireEncoder(card);
        baseline ??= SlidePlanOptions.Default;
        return baseline with { Grid = baseline.Grid with { TargetMpp = card.TargetMpp!.Value, TileSize = card.InputSize!.Value } };
    }

    public static PreprocessingOptions Preprocessing(ModelCard card)
    {
        RequireEncoder(card);
        return new PreprocessingOptions { InputSize = card.InputSize!.Value, Mean = card.Mean!, Std = card.Std! };
    }

    private static void RequireEncoder(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Kind != ModelKind.TileEncoder)
        {
            throw new ModelCardException(card.CardPath, "kind", $"is {card.Kind}; embedding slides needs a tile encoder.");
        }
    }
}
