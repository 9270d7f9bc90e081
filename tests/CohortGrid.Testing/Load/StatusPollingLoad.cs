using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace CohortGrid.Testing.Load;

/// <summary>What <see cref="StatusPollingLoad"/> does.</summary>
public sealed record StatusPollingOptions
{
    /// <summary>The API's base address, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The path every poller requests, e.g. <c>/api/cohorts/{id}</c> (see <see cref="StatusPollingLoad.CohortPath"/>).</summary>
    public required string Path { get; init; }

    /// <summary>Concurrent pollers, each with at most one request outstanding.</summary>
    public int Pollers { get; init; } = 200;

    /// <summary>How long the measured phase lasts; requests in flight at its end are waited for and counted.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unrecorded polling before the measured phase (connections opened, both sides' code warm).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Pause of each poller after each response. Zero (the default) is a closed loop: every poller asks again as soon
    /// as it has its answer, so the offered rate is whatever the server sustains.
    /// </summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;

    /// <summary>A request not answered within this is an error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many distinct error messages the result keeps (the count covers them all).</summary>
    public int MaxErrorSamples { get; init; } = 5;
}

/// <summary>What one run of <see cref="StatusPollingLoad"/> measured; latencies in milliseconds.</summary>
public sealed record StatusPollingResult
{
    public int Pollers { get; init; }

    /// <summary>The measured phase as it lasted (until the last request of the phase answered).</summary>
    public TimeSpan Elapsed { get; init; }

    public TimeSpan ThinkTime { get; init; }

    /// <summary>Requests answered or failed in the measured phase.</summary>
    public long Requests { get; init; }

    /// <summary>Non-2xx answers and exceptions (timeouts, refused connections).</summary>
    public long Errors { get; init; }

    /// <summary>The first few distinct errors in the order they first occurred, each with how often it did.</summary>
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    /// <summary>Bytes of response bodies received.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>Achieved rate: requests per second over the measured phase.</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>
    /// The rate the pollers would offer if every answer were instant: pollers / think time. Null in a closed loop
    /// (no think time), where the offered rate is the achieved one.
    /// </summary>
    public double? OfferedRequestsPerSecond { get; init; }

    public double MeanMs { get; init; }

    public double P50Ms { get; init; }

    public double P90Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    /// <summary>One line: requests, rate, errors and latency percentiles.</summary>
    public string Summary() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Pollers} pollers, {Elapsed.TotalSeconds:0.0} s: {Requests} requests, {RequestsPerSecond:0} req/s{(OfferedRequestsPerSecond is { } offered ? $" (offered {offered:0})" : " (closed loop)")}, {Errors} errors; latency p50 {P50Ms:0.0} ms, p90 {P90Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms, mean {MeanMs:0.0} ms; {ResponseBytes / Math.Max(1, Requests)} bytes per response");
}

/// <summary>
/// A bounded loopback load generator: N concurrent pollers GET one path with a bearer key in a loop for a fixed
/// time, over one shared connection pool with a connection per poller. Records the latency of every request
/// (Stopwatch ticks, body read included) and every non-2xx answer or exception. Knows nothing of xunit, so
/// benchmarks use it too.
/// </summary>
public static class StatusPollingLoad
{
    private const int MaxDistinctErrors = 100;

    /// <summary><c>/api/cohorts/{id}</c>, escaped.</summary>
    public static string CohortPath(string cohortId) => $"/api/cohorts/{Uri.EscapeDataString(cohortId)}";

    public static async Task<StatusPollingResult> RunAsync(StatusPollingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Pollers);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Pollers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.BaseAddress, Timeout = options.RequestTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        var target = new Uri(options.Path, UriKind.RelativeOrAbsolute);

        var clock = Stopwatch.StartNew();
        var measureFrom = options.WarmUp;
        var measureUntil = options.WarmUp + options.Duration;
        var errors = new ConcurrentDictionary<string, ErrorTally>(StringComparer.Ordinal);
        var pollers = Enumerable.Range(0, options.Pollers)
            .Select(_ => Task.Run(() => PollAsync(client, target, options.ThinkTime, clock, measureFrom, measureUntil, errors, cancellationToken), cancellationToken))
            .ToArray();
        var outcomes = await Task.WhenAll(pollers).ConfigureAwait(false);
        var elapsed = clock.Elapsed - measureFrom;

        var latencies = new long[outcomes.Sum(o => o.Latencies.Count)];
        var offset = 0;
        foreach (var outcome in outcomes)
        {
            outcome.Latencies.CopyTo(latencies, offset);
            offset += outcome.Latencies.Count;
        }

        Array.Sort(latencies);
        var requests = latencies.LongLength;
        return new StatusPollingResult
        {
            Pollers = options.Pollers,
            Elapsed = elapsed,
            ThinkTime = options.ThinkTime,
            Requests = requests,
            Errors = outcomes.Sum(o => o.Errors),
            ErrorSamples = [.. errors.OrderBy(e => e.Value.FirstSeen).Take(Math.Max(0, options.MaxErrorSamples)).Select(e => $"{e.Value.Count} x {e.Key}")],
            ResponseBytes = outcomes.Sum(o => o.Bytes),
            RequestsPerSecond = requests / Math.Max(1e-9, elapsed.TotalSeconds),
            OfferedRequestsPerSecond = options.ThinkTime > TimeSpan.Zero ? options.Pollers / options.ThinkTime.TotalSeconds : null,
            MeanMs = requests == 0 ? 0 : Milliseconds((long)latencies.Average()),
            P50Ms = Percentile(latencies, 50),
            P90Ms = Percentile(latencies, 90),
            P99Ms = Percentile(latencies, 99),
            MaxMs = requests == 0 ? 0 : Milliseconds(latencies[^1]),
        };
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch ticks, in milliseconds.</summary>
    public static double Percentile(long[] sortedTicks, double percent)
    {
        ArgumentNullException.ThrowIfNull(sortedTicks);
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sortedTicks.Length);
        return Milliseconds(sortedTicks[Math.Clamp(rank - 1, 0, sortedTicks.Length - 1)]);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static async Task<PollerOutcome> PollAsync(
        HttpClient client,
        Uri target,
        TimeSpan thinkTime,
        Stopwatch clock,
        TimeSpan measureFrom,
        TimeSpan measureUntil,
        ConcurrentDictionary<string, ErrorTally> errors,
        CancellationToken cancellationToken)
    {
        var outcome = new PollerOutcome();
        while (clock.Elapsed < measureUntil)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var measured = clock.Elapsed >= measureFrom;
            var started = Stopwatch.GetTimestamp();
            string? error = null;
            long bytes = 0;
            try
            {
                // Not cancelled at the end of the phase: a request that started inside it is waited for and counted.
                using var response = await client.GetAsync(target, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                bytes = body.Length;
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(System.Text.Encoding.UTF8.GetString(body), 200)}";
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                error = e is TaskCanceledException ? $"timeout: {e.Message}" : $"{e.GetType().Name}: {e.Message}";
            }

            var ticks = Stopwatch.GetTimestamp() - started;
            if (measured)
            {
                outcome.Latencies.Add(ticks);
                outcome.Bytes += bytes;
                if (error is not null)
                {
                    outcome.Errors++;
                    // Distinct messages are capped (a body with a trace id differs every time); the count is not.
                    var key = errors.Count < MaxDistinctErrors || errors.ContainsKey(error) ? error : "(other errors)";
                    errors.GetOrAdd(key, _ => new ErrorTally(Stopwatch.GetTimestamp())).Add();
                }
            }

            if (thinkTime > TimeSpan.Zero)
            {
                await Task.Delay(thinkTime, cancellationToken).ConfigureAwait(false);
            }
        }

        return outcome;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private sealed class ErrorTally(long firstSeen)
    {
        private int _count;

        public long FirstSeen { get; } = firstSeen;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class PollerOutcome
    {
        public List<long> Latencies { get; } = new(4096);

        public long Errors { get; set; }

        public long Bytes { get; set; }
    }
}
