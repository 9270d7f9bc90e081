namespace CohortGrid.Analytics.Aggregation;

/// <summary>How a patient's slides become one value for survival: see <see cref="PatientAggregation"/>.</summary>
public enum PatientAggregationKind
{
    /// <summary>The mean of the patient's slide vectors, scored once (default).</summary>
    MeanVector,

    /// <summary>Each slide scored; the patient's risk is the highest (the worst slide decides).</summary>
    MaxRisk,

    /// <summary>Each slide scored; the patient's risk is the mean.</summary>
    MeanRisk,
}

/// <summary>Slides to patients: vectors averaged, or slide risks combined by max or mean.</summary>
public static class PatientAggregation
{
    /// <summary>The mean vector of each patient's slides, patients in order of first appearance.</summary>
    public static IReadOnlyList<(string PatientId, double[] Vector, int Slides)> MeanVectors(IEnumerable<(string PatientId, double[] Vector)> slides)
    {
        ArgumentNullException.ThrowIfNull(slides);
        var order = new List<string>();
        var sums = new Dictionary<string, (double[] Sum, int Count)>(StringComparer.Ordinal);
        foreach (var (patient, vector) in slides)
        {
            if (!sums.TryGetValue(patient, out var entry))
            {
                entry = (new double[vector.Length], 0);
                order.Add(patient);
            }
            else if (entry.Sum.Length != vector.Length)
            {
                throw new AnalyticsException($"Patient '{patient}' has slide vectors of {entry.Sum.Length} and {vector.Length} values.");
            }

            for (var d = 0; d < vector.Length; d++)
            {
                entry.Sum[d] += vector[d];
            }

            sums[patient] = (entry.Sum, entry.Count + 1);
        }

        return [.. order.Select(p => (p, sums[p].Sum.Select(v => v / sums[p].Count).ToArray(), sums[p].Count))];
    }

    /// <summary>A patient's risk from its slides' risks.</summary>
    public static double CombineRisks(IReadOnlyList<double> slideRisks, PatientAggregationKind kind)
    {
        ArgumentNullException.ThrowIfNull(slideRisks);
        if (slideRisks.Count == 0)
        {
            throw new AnalyticsException("A patient without scored slides has no risk.");
        }

        return kind == PatientAggregationKind.MaxRisk ? slideRisks.Max() : slideRisks.Average();
    }
}
