namespace CohortGrid.Analytics.Survival;

/// <summary>
/// The log-rank test for k groups (R's <c>survdiff(Surv(time, status) ~ group)</c>, rho = 0): at each event time the
/// deaths are shared out over the groups in proportion to their numbers at risk, giving expected counts E and the
/// hypergeometric covariance V of O − E; χ² = (O − E)ᵀ·V⁻¹·(O − E) with the first group dropped.
/// </summary>
public static class LogRank
{
    /// <summary>Tests whether the survival of <paramref name="groups"/> differs; with <paramref name="strata"/>, sums O, E and V over strata.</summary>
    /// <exception cref="AnalyticsException">Fewer than two groups, or label counts that do not match the data.</exception>
    public static LogRankResult Test(SurvivalData data, IReadOnlyList<string> groups, IReadOnlyList<string>? strata = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != data.Count)
        {
            throw new AnalyticsException($"{groups.Count} group labels for {data.Count} subjects.");
        }

        if (strata is not null && strata.Count != data.Count)
        {
            throw new AnalyticsException($"{strata.Count} strata labels for {data.Count} subjects.");
        }

        var (levels, ids) = GroupLevels.Of(groups, "group");
        var k = levels.Length;
        if (k < 2)
        {
            throw new AnalyticsException($"the log-rank test needs at least two groups; every subject is in '{levels[0]}'.");
        }

        var strataIds = strata is null ? new int[data.Count] : GroupLevels.Of(strata, "stratum").Ids;
        var observed = new int[k];
        var expected = new double[k];
        var variance = new double[k * k];
        var counts = new int[k];
        foreach (var stratum in Enumerable.Range(0, data.Count).GroupBy(i => strataIds[i]))
        {
            Accumulate([.. stratum.OrderBy(i => data.Times[i])], data, ids, observed, expected, variance, counts);
        }

        // Groups without expected events carry no information (R's survdiff drops them); the first of the rest is dropped so V is invertible.
        var kept = Enumerable.Range(0, k).Where(g => expected[g] > 0).ToArray();
        var df = kept.Length - 1;
        var chiSquare = 0.0;
        if (df >= 1)
        {
            var used = kept[1..];
            var difference = used.Select(g => observed[g] - expected[g]).ToArray();
            var matrix = new double[df * df];
            for (var a = 0; a < df; a++)
            {
                for (var b = 0; b < df; b++)
                {
                    matrix[(a * df) + b] = variance[(used[a] * k) + used[b]];
                }
            }

            var factor = Cholesky.TryFactor(matrix, df)
                ?? throw new AnalyticsException("the log-rank variance matrix is singular: the groups never share a risk set.");
            chiSquare = factor.InverseQuadraticForm(difference);
        }

        var rows = Enumerable.Range(0, k)
            .Select(g => new LogRankGroup(levels[g], counts[g], observed[g], expected[g], variance[(g * k) + g]))
            .ToArray();
        return new LogRankResult(rows, chiSquare, df, df >= 1 ? StatMath.ChiSquareUpperP(chiSquare, df) : double.NaN);
    }

    private static void Accumulate(int[] rows, SurvivalData data, int[] ids, int[] observed, double[] expected, double[] variance, int[] counts)
    {
        var k = observed.Length;
        var atRisk = new int[k];
        foreach (var i in rows)
        {
            atRisk[ids[i]]++;
            counts[ids[i]]++;
        }

        var deaths = new int[k];
        var leaving = new int[k];
        var n = rows.Length;
        var start = 0;
        while (start < rows.Length)
        {
            var t = data.Times[rows[start]];
            Array.Clear(deaths);
            Array.Clear(leaving);
            var end = start;
            for (; end < rows.Length && data.Times[rows[end]] == t; end++)
            {
                var g = ids[rows[end]];
                leaving[g]++;
                if (data.Events[rows[end]])
                {
                    deaths[g]++;
                }
            }

            var d = deaths.Sum();
            if (d > 0)
            {
                for (var g = 0; g < k; g++)
                {
                    observed[g] += deaths[g];
                    expected[g] += (double)d * atRisk[g] / n;
                }

                if (n > 1)
                {
                    var scale = (double)d * (n - d) / (n - 1) / n;
                    for (var g = 0; g < k; g++)
                    {
                        for (var h = 0; h < k; h++)
                        {
                            var delta = g == h ? 1.0 : 0.0;
                            variance[(g * k) + h] += scale * atRisk[g] * (delta - ((double)atRisk[h] / n));
                        }
                    }
                }
            }

            for (var g = 0; g < k; g++)
            {
                atRisk[g] -= leaving[g];
            }

            n -= end - start;
            start = end;
        }
    }
}
