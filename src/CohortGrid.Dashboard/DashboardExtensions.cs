using System.Text.Json.Serialization;
using CohortGrid.Dashboard.Api;
using CohortGrid.Dashboard.Auth;
using CohortGrid.Dashboard.Cluster;
using CohortGrid.Dashboard.Cohorts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace CohortGrid.Dashboard;

/// <summary>Adds the REST API, the dashboard and their authentication to a host that can reach the cluster's grains.</summary>
public static class DashboardExtensions
{
    /// <summary>
    /// Registers the API and dashboard. The host must provide <see cref="IGrainFactory"/> (a co-hosted silo or an
    /// Orleans client) and the results store and slide sources (<c>AddCohortGridStorage</c>), whose blob store also keeps
    /// the dashboard's Data Protection key ring. A generated API key is written to <paramref name="announce"/> (the
    /// console by default).
    /// </summary>
    public static IServiceCollection AddCohortGridDashboard(this IServiceCollection services, IConfiguration configuration, TextWriter? announce = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCohortGridAuthentication(configuration, announce ?? Console.Out);
        var api = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        services.AddCohortGridRateLimits(api);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never);
        services.AddOpenApi();
        services.AddRazorPages().AddApplicationPart(typeof(DashboardExtensions).Assembly);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = api.MaxUploadBytes);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CohortService>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<SubmissionReader>();
        return services;
    }

    /// <summary>Maps <c>/api/*</c>, <c>/openapi/v1.json</c>, the dashboard pages and their assets (under <c>/assets</c>).</summary>
    public static WebApplication MapCohortGridDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DashboardExtensions).Assembly, "wwwroot"),
            RequestPath = "/assets",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        app.MapCohortsApi();
        app.MapClusterApi();
        app.MapRazorPages();
        return app;
    }
}
