namespace CohortGrid.Dashboard.Cohorts;

/// <summary>
/// Lets concurrent callers share one call per key: a value younger than <see cref="MaxAge"/> (or still being fetched)
/// is reused. Hundreds of researchers' scripts and dashboards polling one cohort then cost its grain a few calls a
/// second instead of one per poll, and dashboards refreshing the cluster view cost the cluster one fan-out.
/// <see cref="Forget"/> drops a key's value, so a caller that just changed it sees its own change.
/// </summary>
internal sealed class StatusCoalescer<TKey, TValue>(TimeProvider time, TimeSpan maxAge, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private const int MaxEntries = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, (Task<TValue> Value, long At)> _recent = new(comparer);

    public TimeSpan MaxAge => maxAge;

    public Task<TValue> GetAsync(TKey key, Func<Task<TValue>> fetch)
    {
        ArgumentNullException.ThrowIfNull(fetch);

        // The fetch starts inside the lock so that callers arriving together share one call rather than racing to make their own.
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (_recent.TryGetValue(key, out var entry) && time.GetElapsedTime(entry.At, now) < maxAge && entry.Value is { IsFaulted: false, IsCanceled: false })
            {
                return entry.Value;
            }

            var fresh = fetch();
            _recent[key] = (fresh, now);
            if (_recent.Count > MaxEntries)
            {
                // Only recent entries matter; drop the stale ones rather than let the map grow with every key ever asked for.
                foreach (var (old, value) in _recent)
                {
                    if (time.GetElapsedTime(value.At, now) >= maxAge)
                    {
                        _recent.Remove(old);
                    }
                }
            }

            return fresh;
        }
    }

    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _recent.Remove(key);
        }
    }
}
