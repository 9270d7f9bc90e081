namespace CohortGrid.Analytics.Plots;

/// <summary>One group's Kaplan–Meier curve, as the plot takes it.</summary>
/// <param name="Label">Group name for the legend.</param>
/// <param name="N">Number of subjects in the group (shown in the legend).</param>
/// <param name="Steps">The curve after each distinct event time, in increasing time; S = 1 before the first.</param>
/// <param name="CensorTimes">Times of censored subjects, marked with ticks on the curve.</param>
public sealed record KaplanMeierSeries(string Label, int N, IReadOnlyList<KmPoint> Steps, IReadOnlyList<double> CensorTimes)
{
    /// <summary>The last time the group was observed (event or censoring); the curve is drawn up to it.</summary>
    public double LastTime =>
        Math.Max(Steps.Count == 0 ? 0 : Steps[^1].Time, CensorTimes.Count == 0 ? 0 : CensorTimes.Max());

    /// <summary>S(t), right-continuous: the survival of the last step at or before <paramref name="time"/>.</summary>
    public double SurvivalAt(double time)
    {
        var s = 1.0;
        foreach (var step in Steps)
        {
            if (step.Time > time)
            {
                break;
            }

            s = step.Survival;
        }

        return s;
    }

    /// <summary>
    /// The vertices of the step curve in data units (time, survival), from (0, 1) to (<paramref name="endTime"/>, S):
    /// horizontal to each event time, then down to the new survival.
    /// </summary>
    public IReadOnlyList<(double Time, double Survival)> StepVertices(double endTime)
    {
        var vertices = new List<(double, double)> { (0, 1) };
        var current = 1.0;
        var at = 0.0;
        foreach (var step in Steps)
        {
            if (step.Time > endTime)
            {
                break;
            }

            if (step.Time > at)
            {
                vertices.Add((step.Time, current));
                at = step.Time;
            }

            if (step.Survival != current)
            {
                vertices.Add((step.Time, step.Survival));
                current = step.Survival;
            }
        }

        if (endTime > at)
        {
            vertices.Add((endTime, current));
        }

        return vertices;
    }

    /// <summary>Checks what the plot relies on: finite non-negative increasing times, probabilities in 0..1.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Label);
        ArgumentNullException.ThrowIfNull(Steps);
        ArgumentNullException.ThrowIfNull(CensorTimes);
        var previous = 0.0;
        for (var k = 0; k < Steps.Count; k++)
        {
            var step = Steps[k];
            if (!double.IsFinite(step.Time) || step.Time < previous)
            {
                throw new ArgumentException($"Group '{Label}': step {k} has time {step.Time}; times must be finite, ≥ 0 and increasing.");
            }

            if (!(step.Survival is >= 0 and <= 1))
            {
                throw new ArgumentException($"Group '{Label}': step {k} has survival {step.Survival}; it must be in 0..1.");
            }

            previous = step.Time;
        }

        foreach (var c in CensorTimes)
        {
            if (!double.IsFinite(c) || c < 0)
            {
                throw new ArgumentException($"Group '{Label}': censoring time {c} must be finite and ≥ 0.");
            }
        }
    }
}
