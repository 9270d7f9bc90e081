using System.Globalization;

namespace CohortGrid.Testing.Hosting;

/// <summary>Reads the samples of a Prometheus text exposition (version 0.0.4), for tests and benchmarks.</summary>
public static class PrometheusText
{
    /// <summary>
    /// Every sample line as (series, value): the series is the metric name with its label set exactly as exposed
    /// (<c>name</c> or <c>name{a="x",b="y"}</c>); comments and blank lines are skipped, a timestamp after the value is ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Parse(string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // Label values may hold spaces: the series ends at the closing brace when there is one.
            var close = line.LastIndexOf('}');
            var end = close >= 0 ? close + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            if (end <= 0 || end >= line.Length)
            {
                continue;
            }

            var value = line[end..].Trim().Split(' ')[0];
            samples[line[..end]] = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            };
        }

        return samples;
    }

    /// <summary>
    /// The metric names an exposition exports, from its samples and <c># TYPE</c> lines: a histogram or summary counts as
    /// its family name as well as its <c>_sum</c>, <c>_count</c> and <c>_bucket</c> series.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string exposition)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                names.Add(line.Split(' ')[2]);
            }
            else if (!line.StartsWith('#'))
            {
                var end = line.IndexOfAny(['{', ' ']);
                names.Add(end < 0 ? line : line[..end]);
            }
        }

        return names;
    }

    /// <summary>The value of the sample named <paramref name="name"/> without labels, or of the only series of that name; null when absent.</summary>
    public static double? Value(IReadOnlyDictionary<string, double> samples, string name)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.TryGetValue(name, out var value))
        {
            return value;
        }

        var labelled = samples.Where(s => s.Key.StartsWith(name + "{", StringComparison.Ordinal)).ToList();
        return labelled.Count == 1 ? labelled[0].Value : null;
    }
}
