using System.Collections.Concurrent;

namespace CohortGrid.Dashboard.Cohorts;

/// <summary>
/// Lets concurrent polls of one cohort share a grain call: a status younger than <see cref="MaxAge"/> (or still being
/// fetched) is reused. Hundreds of researchers' scripts and dashboards polling one cohort then cost its grain a few
/// calls a second instead of one per poll. Submitting or cancelling forgets the cached status, so a caller always
/// sees its own change.
/// </summary>
internal sealed class StatusCoalescer(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, (Task<Contracts.CohortStatus> Status, long At)> _recent = new(StringComparer.Ordinal);

    public Task<Contracts.CohortStatus> GetAsync(string cohortId, Func<Task<Contracts.CohortStatus>> fetch)
    {
        var now = time.GetTimestamp();
        if (_recent.TryGetValue(cohortId, out var entry) && time.GetElapsedTime(entry.At, now) < MaxAge && !entry.Status.IsFaulted)
        {
            return entry.Status;
        }

        var fresh = fetch();
        _recent[cohortId] = (fresh, now);
        if (_recent.Count > 10_000)
        {
            // Only recent entries matter; drop the stale ones rather than let the map grow with every id ever polled.
            foreach (var (id, old) in _recent)
            {
                if (time.GetElapsedTime(old.At, now) >= MaxAge)
                {
                    _recent.TryRemove(id, out _);
                }
            }
        }

        return fresh;
    }

    public void Forget(string cohortId) => _recent.TryRemove(cohortId, out _);
}
