namespace CohortGrid.Analytics.Survival;

/// <summary>Kaplan–Meier estimator with Greenwood standard errors and R's confidence intervals (<c>survfit(Surv(time, status) ~ 1)</c>).</summary>
public static class KaplanMeier
{
    /// <summary>One curve for all subjects.</summary>
    public static KaplanMeierCurve Fit(SurvivalData data, KaplanMeierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Build(null, data.Times.ToArray(), data.Events.ToArray(), options ?? KaplanMeierOptions.Default);
    }

    /// <summary>One curve per group, in R's factor order (numeric when every label is a number).</summary>
    public static IReadOnlyList<KaplanMeierCurve> FitGroups(SurvivalData data, IReadOnlyList<string> groups, KaplanMeierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != data.Count)
        {
            throw new AnalyticsException($"{groups.Count} group labels for {data.Count} subjects.");
        }

        var (levels, ids) = GroupLevels.Of(groups, "group");
        var curves = new KaplanMeierCurve[levels.Length];
        for (var g = 0; g < levels.Length; g++)
        {
            var rows = Enumerable.Range(0, data.Count).Where(i => ids[i] == g).ToArray();
            curves[g] = Build(levels[g], [.. rows.Select(i => data.Times[i])], [.. rows.Select(i => data.Events[i])], options ?? KaplanMeierOptions.Default);
        }

        return curves;
    }

    private static KaplanMeierCurve Build(string? group, double[] times, bool[] events, KaplanMeierOptions options)
    {
        var z = StatMath.NormalQuantileForLevel(options.ConfidenceLevel);
        Array.Sort(times, events);
        var steps = new List<KaplanMeierStep>();
        var survival = 1.0;
        var greenwood = 0.0;
        var i = 0;
        var n = times.Length;
        while (i < n)
        {
            var t = times[i];
            var atRisk = n - i;
            var deaths = 0;
            var censored = 0;
            for (; i < n && times[i] == t; i++)
            {
                if (events[i])
                {
                    deaths++;
                }
                else
                {
                    censored++;
                }
            }

            if (deaths > 0)
            {
                survival *= 1 - ((double)deaths / atRisk);
                greenwood += deaths == atRisk ? double.PositiveInfinity : (double)deaths / (atRisk * (double)(atRisk - deaths));
            }

            var seLog = Math.Sqrt(greenwood);
            var (lower, upper) = Interval(survival, seLog, z, options.ConfidenceType);
            steps.Add(new KaplanMeierStep(t, atRisk, deaths, censored, survival, seLog * survival, seLog, lower, upper));
        }

        return new KaplanMeierCurve(group, [.. steps], times, events.Count(e => e), options);
    }

    /// <summary>R's <c>survfit_confint</c> with the standard error of log S.</summary>
    internal static (double Lower, double Upper) Interval(double s, double seLog, double z, ConfidenceIntervalType type)
    {
        switch (type)
        {
            case ConfidenceIntervalType.Log:
                if (s == 0)
                {
                    return (double.NaN, double.NaN);
                }

                return (Math.Exp(Math.Log(s) - (z * seLog)), Math.Min(Math.Exp(Math.Log(s) + (z * seLog)), 1));
            case ConfidenceIntervalType.LogLog:
                if (s is 0 or 1)
                {
                    return (double.NaN, double.NaN);
                }

                var logS = Math.Log(s);
                var center = Math.Log(-logS);
                // se(log(−log S)) = se(log S)/|log S|; a higher log(−log S) is a lower S.
                var width = z * seLog / -logS;
                return (Math.Exp(-Math.Exp(center + width)), Math.Exp(-Math.Exp(center - width)));
            case ConfidenceIntervalType.Plain:
                var se = seLog * s;
                return (Math.Max(s - (z * se), 0), Math.Min(s + (z * se), 1));
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown confidence interval type");
        }
    }
}
