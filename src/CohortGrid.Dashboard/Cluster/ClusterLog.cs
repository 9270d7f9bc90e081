using Microsoft.Extensions.Logging;

namespace CohortGrid.Dashboard.Cluster;

/// <summary>Log messages of the cluster view (source-generated).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Cluster view without silo work figures: {Error}")]
    public static partial void ReportsUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Cluster view without the count of running cohorts: {Error}")]
    public static partial void RegistryUnavailable(ILogger logger, string error);
}
