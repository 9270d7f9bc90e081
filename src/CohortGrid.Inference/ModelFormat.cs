namespace CohortGrid.Inference;

/// <summary>How a model's computation is stored.</summary>
public enum ModelFormat
{
    /// <summary>An ONNX graph run by ONNX Runtime.</summary>
    Onnx,

    /// <summary>A linear map (weights and bias) stored in the card itself, e.g. a fitted Cox or ridge head.</summary>
    Linear,
}
