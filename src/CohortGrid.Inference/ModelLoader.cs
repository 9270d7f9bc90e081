using Microsoft.Extensions.Logging;

namespace CohortGrid.Inference;

/// <summary>Loads any model from its card: ONNX graphs through ONNX Runtime, linear heads from their weights.</summary>
public static class ModelLoader
{
    /// <summary><paramref name="path"/> is a <c>.card.json</c> or the <c>.onnx</c> beside one.</summary>
    public static IBatchModel Load(string path, InferenceOptions? options = null, ILogger? logger = null)
    {
        var card = ModelCard.Load(path);
        return card.Format == ModelFormat.Linear ? new LinearHead(card) : OnnxModel.Load(card, options, logger);
    }
}
