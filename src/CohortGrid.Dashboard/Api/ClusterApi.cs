using CohortGrid.Dashboard.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Api;

/// <summary><c>/api/cluster</c>: silos with role, status, activations, tiles/s and queue depth.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cluster").WithTags("Cluster");
        api.MapGet("/", async Task<Ok<Wire.ClusterStatus>> (ClusterService cluster) => TypedResults.Ok(await cluster.GetAsync().ConfigureAwait(false)))
            .WithSummary("Silos by role with status, activations per grain type, tiles/s and batch queue depth");
        return api;
    }
}
