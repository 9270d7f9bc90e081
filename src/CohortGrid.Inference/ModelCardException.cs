namespace CohortGrid.Inference;

/// <summary>A model card is invalid or disagrees with its model; the message names the card and the field.</summary>
public sealed class ModelCardException(string cardPath, string field, string problem)
    : Exception($"Model card '{cardPath}': {field} {problem}")
{
    public string CardPath { get; } = cardPath;

    /// <summary>The card field at fault (camelCase, as in the JSON).</summary>
    public string Field { get; } = field;
}

/// <summary>ONNX Runtime could not load or run a model file.</summary>
public sealed class ModelLoadException(string modelPath, string problem, Exception? innerException = null)
    : Exception($"Model '{modelPath}' could not be loaded: {problem}", innerException)
{
    public string ModelPath { get; } = modelPath;
}

/// <summary>Running a batch failed; carries the model's own error.</summary>
public sealed class InferenceException(string modelId, string problem, Exception? innerException = null)
    : Exception($"Model '{modelId}' failed on a batch: {problem}", innerException)
{
    public string ModelId { get; } = modelId;
}
