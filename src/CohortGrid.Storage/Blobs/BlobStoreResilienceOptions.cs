namespace CohortGrid.Storage.Blobs;

/// <summary>
/// Retries, per-attempt timeouts and the circuit breaker of <see cref="ResilientBlobStore"/> (configuration section
/// <c>Storage:Resilience</c>). The defaults ride over an outage of 10 to 15 s (a storage front end failing over, a
/// restarted emulator) without failing the cohort, and give up within about half a minute when storage stays away.
/// </summary>
public sealed class BlobStoreResilienceOptions
{
    /// <summary>
    /// Attempts per call, the first included (default 10). With the default delays the retries of one call span about
    /// 20 s (0.25 + 0.5 + 1 + 2 + 4 × 5 s, each jittered) before the call fails.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay before the first retry (default 250 ms); it doubles on each further retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between two attempts (default 4 s), so a call notices soon when storage is back.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Whether delays are randomised (default on), so silos that failed together do not retry in lockstep.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Time one attempt of a small call (read, write, delete, list, properties, opening a stream) may take before it is
    /// abandoned and retried (default 30 s).
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time one attempt of a file transfer (<see cref="IBlobStore.UploadFileAsync"/>,
    /// <see cref="IBlobStore.DownloadToFileAsync"/>, <see cref="IBlobStore.CopyAsync"/>) may take (default 10 min: a
    /// slide or features file of several GiB over a modest link must not be cut off and restarted forever).
    /// </summary>
    public TimeSpan TransferAttemptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit (default 0.5).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Window over which the failure ratio is measured (default 10 s).</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts needed within the window before the circuit may open (default 10), so one failed call never opens it.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>
    /// How long an open circuit fails calls at once, before letting one through to probe (default 3 s). Calls failed by
    /// an open circuit count as transient: they are retried after their delay, not reported.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransferAttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(TransferAttemptTimeout));
        if (!(FailureRatio is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "FailureRatio must be above 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SamplingDuration, TimeSpan.FromMilliseconds(500), nameof(SamplingDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumThroughput, 2, nameof(MinimumThroughput));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakDuration, TimeSpan.FromMilliseconds(500), nameof(BreakDuration));
    }
}
