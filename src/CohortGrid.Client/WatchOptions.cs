namespace CohortGrid.Client;

/// <summary>
/// How <see cref="CohortGridClient.WatchAsync"/> polls: quickly while the cohort moves, more slowly while it does not,
/// and for how long it rides out an unreachable or failing server (a restart) before giving up.
/// </summary>
public sealed record WatchOptions
{
    /// <summary>The defaults: 0.5 s, growing ×1.5 to 10 s; give up after 5 minutes without an answer.</summary>
    public static WatchOptions Default { get; } = new();

    /// <summary>Delay after a poll that showed progress (and after the first).</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Factor the delay grows by after each poll that showed no progress, or failed.</summary>
    public double BackoffFactor { get; init; } = 1.5;

    /// <summary>Longest delay between polls.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long polls may keep failing (connection refused, timeouts, 5xx) before the watch throws
    /// <see cref="CohortGridUnavailableException"/>. Any answer starts the count again.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialInterval, TimeSpan.Zero, nameof(InitialInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInterval, InitialInterval, nameof(MaxInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(BackoffFactor, 1.0, nameof(BackoffFactor));
        ArgumentOutOfRangeException.ThrowIfLessThan(GiveUpAfter, TimeSpan.Zero, nameof(GiveUpAfter));
    }
}
