using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace CohortGrid.Client;

/// <summary>
/// The one retry policy of the SDK, used by <see cref="ServiceCollectionExtensions.AddCohortGridClient"/> (through
/// <c>AddStandardResilienceHandler</c>) and by <see cref="CohortGridClient.Create(CohortGridClientOptions)"/> (the same
/// strategies built by hand). Retried: network failures, attempt timeouts, 408 and 5xx (except 501 and 505), for every
/// method; POST included, because a submission is idempotent by content (the server answers a repeated one with the
/// existing cohort) and cancelling twice is harmless. Never retried: any other 4xx, and the caller's cancellation.
/// </summary>
internal static class CohortGridResilience
{
    public static void Configure(HttpStandardResilienceOptions resilience, CohortGridClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetryAttempts, nameof(options.MaxRetryAttempts));
        // The retry strategy needs at least one attempt; none is had by retrying nothing.
        var retries = options.MaxRetryAttempts > 0;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(retries && IsTransient(args.Outcome));
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
        resilience.Retry.Delay = options.RetryDelay;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = options.TotalRequestTimeout;

        // The standard options require a sampling window of at least two attempt timeouts.
        var sampling = options.AttemptTimeout * 2;
        if (resilience.CircuitBreaker.SamplingDuration < sampling)
        {
            resilience.CircuitBreaker.SamplingDuration = sampling;
        }
    }

    /// <summary>The standard handler's strategies, in its order, for an <c>HttpClient</c> built without DI.</summary>
    public static ResiliencePipeline<HttpResponseMessage> BuildPipeline(CohortGridClientOptions options)
    {
        var resilience = new HttpStandardResilienceOptions();
        Configure(resilience, options);
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(resilience.TotalRequestTimeout)
            .AddRetry(resilience.Retry)
            .AddCircuitBreaker(resilience.CircuitBreaker)
            .AddTimeout(resilience.AttemptTimeout)
            .Build();
    }

    /// <summary>True for failures worth another attempt: the network, an attempt timeout, 408 and most 5xx.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: null, Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);
}
