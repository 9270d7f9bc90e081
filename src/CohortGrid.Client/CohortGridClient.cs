using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CohortGrid.Client;

/// <summary>
/// The CohortGrid REST API: submit and validate cohorts, follow them, download their results, cancel them, look at the
/// cluster. Built over an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the server; with
/// dependency injection use <see cref="ServiceCollectionExtensions.AddCohortGridClient"/>, in a script
/// <see cref="Create(Uri, string)"/> or <see cref="FromEnvironment"/>. Thread-safe.
/// </summary>
/// <remarks>
/// API errors throw a <see cref="CohortGridException"/> (a subclass for validation, 404, authentication and rate
/// limiting). A server that cannot be reached throws <see cref="HttpRequestException"/>, one that does not answer in
/// time <see cref="TimeoutException"/>, once the retries of the client's pipeline are spent.
/// </remarks>
public sealed partial class CohortGridClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMedia = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue ProblemMedia = new("application/problem+json");

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string? _apiKey;
    private readonly bool _ownsHttpClient;

    /// <summary>A client over an <see cref="HttpClient"/> configured elsewhere (its handlers, retries and timeouts are kept).</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> is the server's URL.</param>
    /// <param name="apiKey">The API key, sent with every request as <c>Authorization: Bearer</c>; null when the client sends one already.</param>
    /// <exception cref="ArgumentException">The client has no base address.</exception>
    public CohortGridClient(HttpClient httpClient, string? apiKey = null)
        : this(httpClient, apiKey, ownsHttpClient: false)
    {
    }

    private CohortGridClient(HttpClient httpClient, string? apiKey, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the CohortGrid server's URL, e.g. http://127.0.0.1:5080.", nameof(httpClient));
        }

        _http = httpClient;
        _baseAddress = WithTrailingSlash(baseAddress);
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>The server's base URL.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>A client for scripts, without dependency injection, with the same retry pipeline as the DI registration.</summary>
    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="apiKey">The API key.</param>
    /// <returns>A client that owns its <see cref="HttpClient"/>; dispose it when done.</returns>
    public static CohortGridClient Create(Uri baseAddress, string apiKey) =>
        Create(new CohortGridClientOptions { BaseAddress = baseAddress, ApiKey = apiKey });

    /// <summary>A client for scripts, without dependency injection, with the same retry pipeline as the DI registration.</summary>
    /// <param name="options">Server, key and retry settings.</param>
    /// <returns>A client that owns its <see cref="HttpClient"/>; dispose it when done.</returns>
    /// <exception cref="ArgumentException">No base address or no API key.</exception>
    public static CohortGridClient Create(CohortGridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.BaseAddress);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException($"No API key: set CohortGridClientOptions.ApiKey or {CohortGridClientOptions.ApiKeyVariable}.", nameof(options));
        }

        var handler = new ResilienceHandler(CohortGridResilience.BuildPipeline(options))
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(15) },
        };

        // The pipeline's timeouts govern; the client's own would cut long downloads.
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        return new CohortGridClient(http, options.ApiKey, ownsHttpClient: true);
    }

    /// <summary><see cref="Create(CohortGridClientOptions)"/> with <see cref="CohortGridClientOptions.FromEnvironment"/> (<c>COHORTGRID_URL</c>, <c>COHORTGRID_API_KEY</c>).</summary>
    /// <returns>A client that owns its <see cref="HttpClient"/>; dispose it when done.</returns>
    public static CohortGridClient FromEnvironment() => Create(CohortGridClientOptions.FromEnvironment());

    /// <summary>A cohort's status with every slide, counts, tiles, rate and ETA (<c>GET /api/cohorts/{id}</c>).</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    /// <exception cref="CohortNotFoundException">There is no such cohort.</exception>
    public Task<CohortStatus> GetStatusAsync(string cohortId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<CohortStatus>(HttpMethod.Get, CohortPath(cohortId), null, cancellationToken);

    /// <summary>Every cohort, newest first (<c>GET /api/cohorts</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One summary per cohort.</returns>
    public Task<IReadOnlyList<CohortSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync<IReadOnlyList<CohortSummary>>(HttpMethod.Get, "api/cohorts", null, cancellationToken);

    /// <summary>Headline survival and expression figures and every result file so far (<c>GET /api/cohorts/{id}/results</c>).</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The results.</returns>
    /// <exception cref="CohortNotFoundException">There is no such cohort.</exception>
    public Task<CohortResults> GetResultsAsync(string cohortId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<CohortResults>(HttpMethod.Get, CohortPath(cohortId) + "/results", null, cancellationToken);

    /// <summary>Cancels a cohort: no new slide starts; what is done is kept (<c>DELETE /api/cohorts/{id}</c>). Cancelling twice is harmless.</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="cancellationToken">Cancels the request (not the cohort).</param>
    /// <returns>The status after cancelling.</returns>
    /// <exception cref="CohortNotFoundException">There is no such cohort.</exception>
    public async Task<CohortStatus> CancelAsync(string cohortId, CancellationToken cancellationToken = default) =>
        await SendJsonAsync<CohortStatus>(HttpMethod.Delete, CohortPath(cohortId), null, cancellationToken).ConfigureAwait(false);

    /// <summary>The silos with their roles, status, activations, tiles/s and queue depth (<c>GET /api/cluster</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The cluster status.</returns>
    public Task<ClusterStatus> GetClusterAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync<ClusterStatus>(HttpMethod.Get, "api/cluster", null, cancellationToken);

    /// <summary>Disposes the <see cref="HttpClient"/> when this client created it (<see cref="Create(CohortGridClientOptions)"/>).</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private static string CohortPath(string cohortId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cohortId);
        return "api/cohorts/" + Uri.EscapeDataString(cohortId);
    }

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request; an unsuccessful answer becomes the matching <see cref="CohortGridException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path)) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        request.Headers.Accept.Add(JsonMedia);
        request.Headers.Accept.Add(ProblemMedia);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TimeoutException($"CohortGrid at {_baseAddress} did not answer {method} {path} in time ({ex.Message}).", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new HttpRequestException($"CohortGrid at {_baseAddress} is failing; requests are held back for a moment ({ex.Message}).", ex, HttpStatusCode.ServiceUnavailable);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ApiErrors.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(CohortGridJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new CohortGridException(response.StatusCode, new ApiProblem { Status = (int)response.StatusCode, Title = "Empty response", Detail = $"The server answered {response.RequestMessage?.RequestUri} with no content." });

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}
