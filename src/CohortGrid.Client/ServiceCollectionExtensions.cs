using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace CohortGrid.Client;

/// <summary>Registers <see cref="CohortGridClient"/> with dependency injection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CohortGridClient"/> as a typed <see cref="HttpClient"/> with the standard resilience handler
    /// (<c>Microsoft.Extensions.Http.Resilience</c>), configured so that network failures, timeouts, 408 and 5xx are
    /// retried with exponential backoff and jitter (honouring <c>Retry-After</c>), and no other 4xx ever is. POST is
    /// retried too: a submission is idempotent by content (the server answers a repeat with the existing cohort), so
    /// a retried submission cannot start a cohort twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the server, the API key and, optionally, the retry settings.</param>
    /// <returns>The HTTP client builder, to add handlers or change the client further.</returns>
    public static IHttpClientBuilder AddCohortGridClient(this IServiceCollection services, Action<CohortGridClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CohortGridClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "CohortGridClientOptions.BaseAddress must be an absolute URL (the server, e.g. http://127.0.0.1:5080).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), $"CohortGridClientOptions.ApiKey is not set (e.g. from {CohortGridClientOptions.ApiKeyVariable}).");
        var builder = services.AddHttpClient(nameof(CohortGridClient));
        builder.AddTypedClient((http, provider) => new CohortGridClient(http, provider.GetRequiredService<IOptions<CohortGridClientOptions>>().Value.ApiKey));
        builder.ConfigureHttpClient((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<CohortGridClientOptions>>().Value.BaseAddress;

            // The resilience pipeline's timeouts govern; the client's own would cut long downloads.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            CohortGridResilience.Configure(resilience, provider.GetRequiredService<IOptions<CohortGridClientOptions>>().Value));
        return builder;
    }
}
