namespace CohortGrid.Contracts;

/// <summary>
/// A tile batch failed for a reason that belongs to the slide (unreadable tiles, a model error),
/// carried across silos with its stable reason code.
/// </summary>
[GenerateSerializer]
public sealed class TileBatchException : Exception
{
    public TileBatchException()
    {
    }

    public TileBatchException(string message)
        : base(message)
    {
    }

    public TileBatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TileBatchException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>
    /// The batch was refused, not embedded, because its GPU silo is stopping: the slide grain sends it again and placement
    /// picks another GPU silo. Never recorded for a slide.
    /// </summary>
    public const string SiloStoppingReason = "silo-stopping";

    /// <summary>Reason code recorded for the slide (read-failed, model-failed, ...).</summary>
    [Id(0)]
    public string Reason { get; init; } = "tile-batch-failed";
}
