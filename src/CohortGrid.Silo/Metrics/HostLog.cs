namespace CohortGrid.Silo.Metrics;

/// <summary>Log messages of the host's metrics (source-generated).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Metrics: cluster-wide figures not read, the last ones stay: {Error}")]
    public static partial void ClusterWorkUnavailable(ILogger logger, string error);
}
