namespace CohortGrid.Silo.Metrics;

/// <summary>What <see cref="HostMetrics"/> exports about this process (section <c>Metrics</c>, and the silo's metadata).</summary>
public sealed class HostMetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>The process's role as <c>cohortgrid_silo_info</c> shows it: "cpu", "gpu", "cpu,gpu" or "api".</summary>
    public string Role { get; set; } = "";

    /// <summary>The stable node name (<c>--node</c>, <c>POD_NAME</c> or the host name).</summary>
    public string Node { get; set; } = "";

    /// <summary>The silo address (<c>ip:port@generation</c>); empty for the API process.</summary>
    public string Address { get; set; } = "";

    /// <summary>
    /// How long the cluster-wide figures (<c>cohortgrid_slides_pending</c>, <c>cohortgrid_cohorts_running</c>) are kept
    /// before a scrape reads them again through grain calls (<c>Metrics:ClusterRefresh</c>).
    /// </summary>
    public TimeSpan ClusterRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Tiles per batch (the cluster's <c>CohortGrid:TilesPerBatch</c>), to turn the pending tiles into
    /// <c>cohortgrid_tile_batches_pending</c>.
    /// </summary>
    public int TilesPerBatch { get; set; } = 32;

    /// <summary>How long a scrape waits for those grain calls before it keeps the last figures (<c>Metrics:ClusterTimeout</c>).</summary>
    public TimeSpan ClusterTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
