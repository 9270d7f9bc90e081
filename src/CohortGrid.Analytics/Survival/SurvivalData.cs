using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Right-censored survival outcomes: a follow-up time and whether the event was seen, per subject, with optional
/// row labels (patient ids) that error messages name. Built only through the validating factories, so every
/// estimator can rely on finite, non-negative times.
/// </summary>
public sealed class SurvivalData
{
    private readonly double[] _times;
    private readonly bool[] _events;
    private readonly string[]? _labels;

    private SurvivalData(double[] times, bool[] events, string[]? labels, EventCoding coding)
    {
        _times = times;
        _events = events;
        _labels = labels;
        Coding = coding;
        EventCount = events.Count(e => e);
    }

    /// <summary>Number of subjects.</summary>
    public int Count => _times.Length;

    /// <summary>Number of subjects whose event was observed.</summary>
    public int EventCount { get; }

    /// <summary>Follow-up times (finite, non-negative).</summary>
    public IReadOnlyList<double> Times => _times;

    /// <summary>True where the event was observed, false where the time is censored.</summary>
    public IReadOnlyList<bool> Events => _events;

    /// <summary>Row labels (e.g. patient ids), when given.</summary>
    public IReadOnlyList<string>? Labels => _labels;

    /// <summary>How the event column was coded.</summary>
    public EventCoding Coding { get; }

    internal ReadOnlySpan<double> TimeSpan => _times;

    internal ReadOnlySpan<bool> EventSpan => _events;

    /// <summary>Builds survival data from times and boolean events.</summary>
    /// <exception cref="AnalyticsException">A time is NaN (missing), infinite or negative, the lengths differ, or there are no rows; the message names the row.</exception>
    public static SurvivalData Create(IReadOnlyList<double> times, IReadOnlyList<bool> events, IReadOnlyList<string>? labels = null) =>
        Build(times, events, labels, EventCoding.Boolean);

    /// <summary>Builds survival data from an event column coded 0/1 or 1/2 (see <see cref="EventCodes.Decode"/>).</summary>
    /// <exception cref="AnalyticsException">A time or event code is invalid; the message names the row.</exception>
    public static SurvivalData FromCodes(IReadOnlyList<double> times, IReadOnlyList<double> eventCodes, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(eventCodes);
        var decoded = EventCodes.Decode(eventCodes, labels);
        return Build(times, decoded.Events, labels, decoded.Coding);
    }

    /// <summary>The subjects at <paramref name="rows"/> (0-based), in that order; used for subsets and bootstrap samples.</summary>
    public SurvivalData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var times = new double[rows.Count];
        var events = new bool[rows.Count];
        var labels = _labels is null ? null : new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            times[i] = _times[rows[i]];
            events[i] = _events[rows[i]];
            if (labels is not null)
            {
                labels[i] = _labels![rows[i]];
            }
        }

        return new SurvivalData(times, events, labels, Coding);
    }

    /// <summary>How row <paramref name="index"/> (0-based) is named in messages: "row 4 (TCGA-01)".</summary>
    public string DescribeRow(int index) => Rows.Describe(index, _labels);

    private static SurvivalData Build(IReadOnlyList<double> times, IReadOnlyList<bool> events, IReadOnlyList<string>? labels, EventCoding coding)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(events);
        if (times.Count != events.Count)
        {
            throw new AnalyticsException($"{times.Count} times but {events.Count} events: one of each per subject.");
        }

        if (labels is not null && labels.Count != times.Count)
        {
            throw new AnalyticsException($"{times.Count} times but {labels.Count} row labels.");
        }

        if (times.Count == 0)
        {
            throw new AnalyticsException("no subjects: survival data needs at least one row.");
        }

        var t = new double[times.Count];
        for (var i = 0; i < t.Length; i++)
        {
            var time = times[i];
            if (double.IsNaN(time))
            {
                throw new AnalyticsException($"time is missing (NaN) in {Rows.Describe(i, labels)}.");
            }

            if (double.IsInfinity(time))
            {
                throw new AnalyticsException($"time is infinite in {Rows.Describe(i, labels)}.");
            }

            if (time < 0)
            {
                throw new AnalyticsException($"time is negative ({time.ToString(CultureInfo.InvariantCulture)}) in {Rows.Describe(i, labels)}.");
            }

            t[i] = time;
        }

        return new SurvivalData(t, [.. events], labels is null ? null : [.. labels], coding);
    }
}
