using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Turns a column of group labels into levels in R's factor order: numeric order when every label is a number
/// (so "10" follows "9"), ordinal string order otherwise.
/// </summary>
internal static class GroupLevels
{
    public static (string[] Levels, int[] Ids) Of(IReadOnlyList<string> labels, string what)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.IsNullOrEmpty(labels[i]))
            {
                throw new AnalyticsException($"{what} is missing in row {i + 1}.");
            }
        }

        var distinct = labels.Distinct(StringComparer.Ordinal).ToArray();
        var numeric = distinct.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var levels = numeric
            ? [.. distinct.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : distinct.OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++)
        {
            index[levels[i]] = i;
        }

        var ids = new int[labels.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = index[labels[i]];
        }

        return (levels, ids);
    }
}
