using System.Globalization;

namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Cut-offs that split a risk score into ordered groups (0 = lowest risk). They are plain numbers, derived once on a
/// training cohort (median, tertiles, quantiles) and stored, so a validation cohort is split at the same values
/// instead of its own quantiles. A score equal to a cut-off falls in the lower group.
/// </summary>
public sealed class RiskCutoffs
{
    private readonly double[] _values;

    private RiskCutoffs(double[] values)
    {
        _values = values;
    }

    /// <summary>The cut-offs, increasing.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Number of groups (cut-offs + 1).</summary>
    public int GroupCount => _values.Length + 1;

    /// <summary>Two groups split at the median of <paramref name="trainingScores"/>.</summary>
    public static RiskCutoffs Median(IReadOnlyList<double> trainingScores) => Quantiles(trainingScores, 2);

    /// <summary>
    /// <paramref name="groups"/> groups split at the quantiles 1/g, 2/g, … of <paramref name="trainingScores"/>
    /// (R's default type-7 quantiles); 3 gives tertiles.
    /// </summary>
    public static RiskCutoffs Quantiles(IReadOnlyList<double> trainingScores, int groups)
    {
        ArgumentNullException.ThrowIfNull(trainingScores);
        if (groups < 2)
        {
            throw new AnalyticsException($"risk groups need at least 2 groups, not {groups}.");
        }

        if (trainingScores.Count == 0 || trainingScores.Any(s => !double.IsFinite(s)))
        {
            throw new AnalyticsException("risk cut-offs need finite training scores (none missing).");
        }

        var sorted = trainingScores.Order().ToArray();
        var values = Enumerable.Range(1, groups - 1).Select(q => StatMath.Quantile(sorted, (double)q / groups)).ToArray();
        return FromValues(values);
    }

    /// <summary>Stored cut-offs, e.g. from a training cohort.</summary>
    public static RiskCutoffs FromValues(IEnumerable<double> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        var values = cutoffs.ToArray();
        if (values.Length == 0 || values.Any(v => !double.IsFinite(v)))
        {
            throw new AnalyticsException("risk cut-offs must be one or more finite numbers.");
        }

        for (var i = 1; i < values.Length; i++)
        {
            if (!(values[i] > values[i - 1]))
            {
                throw new AnalyticsException(
                    $"risk cut-offs must increase strictly: {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))} (tied quantiles mean too few distinct scores).");
            }
        }

        return new RiskCutoffs(values);
    }

    /// <summary>Group of <paramref name="score"/>: how many cut-offs it exceeds.</summary>
    public int Assign(double score)
    {
        if (!double.IsFinite(score))
        {
            throw new AnalyticsException("a risk score is missing or infinite.");
        }

        var group = 0;
        while (group < _values.Length && score > _values[group])
        {
            group++;
        }

        return group;
    }

    /// <summary>Groups of many scores.</summary>
    public int[] Assign(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. scores.Select(Assign)];
    }

    /// <summary>A readable name: low/high, low/intermediate/high, otherwise Q1…Qk.</summary>
    public string Label(int group) => GroupCount switch
    {
        2 => group == 0 ? "low" : "high",
        3 => group switch { 0 => "low", 1 => "intermediate", _ => "high" },
        _ => string.Create(CultureInfo.InvariantCulture, $"Q{group + 1}"),
    };

    public override string ToString() => string.Join(", ", _values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
