using CohortGrid.Contracts;
using CohortGrid.Grains;
using CohortGrid.Grains.Services;
using Microsoft.Extensions.Options;
using Prometheus;

namespace CohortGrid.Silo.Metrics;

/// <summary>Registers and maps <c>GET /metrics</c> (<see cref="HostMetrics"/>).</summary>
public static class HostMetricsExtensions
{
    /// <summary>The path Prometheus scrapes (the pods' <c>prometheus.io/path</c> annotation).</summary>
    public const string Path = "/metrics";

    /// <summary>
    /// Adds <see cref="HostMetrics"/>: role and node from the silo metadata settings (<c>--role</c>, <c>--node</c>), the
    /// refresh settings from section <c>Metrics</c>; the silo's work meter and address when the process is a silo.
    /// </summary>
    public static IServiceCollection AddHostMetrics(this IServiceCollection services, IConfiguration configuration, bool apiOnly)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IClusterWorkSource, GrainClusterWorkSource>();
        services.AddSingleton(provider =>
        {
            var metadata = CohortGridSiloExtensions.SiloMetadata(configuration);
            var options = new HostMetricsOptions
            {
                Role = apiOnly ? SiloRoles.Api : SiloRoles.Normalize(metadata[SiloRoles.MetadataKey]),
                Node = metadata[SiloRoles.NodeMetadataKey],
                Address = apiOnly ? "" : provider.GetService<ILocalSiloDetails>()?.SiloAddress.ToParsableString() ?? "",
            };
            configuration.GetSection(HostMetricsOptions.Section).Bind(options);
            options.TilesPerBatch = provider.GetRequiredService<IOptions<CohortGridOptions>>().Value.TilesPerBatch;
            return new HostMetrics(
                provider.GetRequiredService<IClusterWorkSource>(),
                options,
                provider.GetRequiredService<ILogger<HostMetrics>>(),
                apiOnly ? null : provider.GetService<SiloWorkMeter>());
        });
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format), open without credentials like <c>/health</c>.</summary>
    public static IEndpointConventionBuilder MapHostMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapMetrics(Path, app.Services.GetRequiredService<HostMetrics>().Registry).AllowAnonymous();
    }
}
