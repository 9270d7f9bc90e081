using Microsoft.Extensions.Logging;

namespace CohortGrid.Inference;

/// <summary>Log messages of the inference engine (source-generated, no allocation when disabled).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Model {ModelId} {Version} runs on {Provider} ({Reason})")]
    public static partial void ProviderChosen(ILogger logger, string modelId, string version, string provider, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Model {ModelId}: {Provider} unavailable, falling back: {Reason}")]
    public static partial void ProviderFallback(ILogger logger, string modelId, string provider, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Model {ModelId}: a batch of {Rows} rows failed for {Callers} callers: {Error}")]
    public static partial void BatchFailed(ILogger logger, string modelId, int rows, int callers, string error);
}
