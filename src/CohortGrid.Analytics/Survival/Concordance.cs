namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Harrell's C in O(n log n): subjects are visited from the longest time down while a Fenwick tree over risk
/// ranks counts those still event-free, so each event is compared with everyone who outlived it in one query.
/// </summary>
public static class Concordance
{
    /// <summary>
    /// Concordance of <paramref name="risk"/> with survival, higher risk meaning shorter survival (R's
    /// <c>concordance(Surv(time, status) ~ risk, reverse = TRUE)</c>; the value R's <c>coxph</c> reports for its linear
    /// predictor). With <paramref name="strata"/>, pairs are only formed within a stratum.
    /// </summary>
    /// <exception cref="AnalyticsException">Lengths differ or a risk is NaN/infinite (naming the row).</exception>
    public static ConcordanceResult Harrell(SurvivalData data, IReadOnlyList<double> risk, IReadOnlyList<string>? strata = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(risk);
        var riskArray = CheckedRisk(data, risk);
        var strataIds = strata is null ? null : CheckedStrata(data, strata);
        return Compute(data.TimeSpan, data.EventSpan, riskArray, strataIds);
    }

    /// <summary>
    /// Harrell's C with a bootstrap percentile confidence interval: <paramref name="replicates"/> resamples of the
    /// subjects with replacement (seeded, so the interval is reproducible), C recomputed on each.
    /// </summary>
    public static ConcordanceInterval Bootstrap(SurvivalData data, IReadOnlyList<double> risk, int replicates = 1000, int seed = 1, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(risk);
        if (replicates < 2)
        {
            throw new AnalyticsException($"bootstrap needs at least 2 replicates, not {replicates}.");
        }

        if (!(level > 0 && level < 1))
        {
            throw new AnalyticsException($"confidence level must be between 0 and 1, not {level}.");
        }

        var riskArray = CheckedRisk(data, risk);
        var c = Compute(data.TimeSpan, data.EventSpan, riskArray, null).C;
        var n = data.Count;
        var random = new Random(seed);
        var time = new double[n];
        var events = new bool[n];
        var sampleRisk = new double[n];
        var values = new List<double>(replicates);
        for (var b = 0; b < replicates; b++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                time[i] = data.TimeSpan[k];
                events[i] = data.EventSpan[k];
                sampleRisk[i] = riskArray[k];
            }

            var value = Compute(time, events, sampleRisk, null).C;
            // A resample without comparable pairs has no C; it says nothing about the spread.
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        if (values.Count < 2)
        {
            throw new AnalyticsException("bootstrap resamples had no comparable pairs: too few events for a concordance interval.");
        }

        var sorted = values.Order().ToArray();
        var alpha = (1 - level) / 2;
        return new ConcordanceInterval(c, StatMath.Quantile(sorted, alpha), StatMath.Quantile(sorted, 1 - alpha), level, replicates, seed);
    }

    internal static ConcordanceResult Compute(ReadOnlySpan<double> time, ReadOnlySpan<bool> events, ReadOnlySpan<double> risk, int[]? strataIds)
    {
        var n = time.Length;
        var ranks = Ranks(risk, out var rankCount);

        // Order: stratum, then time descending, then censored before events at the same time (a censored subject
        // tied with an event outlived it, so it must already be in the tree when the event is compared).
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var t = time.ToArray();
        var e = events.ToArray();
        Array.Sort(order, (a, b) =>
        {
            if (strataIds is not null && strataIds[a] != strataIds[b])
            {
                return strataIds[a].CompareTo(strataIds[b]);
            }

            var byTime = t[b].CompareTo(t[a]);
            return byTime != 0 ? byTime : e[a].CompareTo(e[b]);
        });

        var tree = new Fenwick(rankCount);
        long concordant = 0, discordant = 0, tiedRisk = 0, tiedTime = 0, tiedBoth = 0;
        var inTree = 0;
        var tiedRanks = new Dictionary<int, int>();
        var start = 0;
        while (start < n)
        {
            // One block = one stratum.
            var end = start;
            while (end < n && (strataIds is null || strataIds[order[end]] == strataIds[order[start]]))
            {
                end++;
            }

            tree.Clear();
            inTree = 0;
            var i = start;
            while (i < end)
            {
                var groupTime = t[order[i]];
                var j = i;
                while (j < end && t[order[j]] == groupTime && !e[order[j]])
                {
                    tree.Add(ranks[order[j]]);
                    inTree++;
                    j++;
                }

                var firstEvent = j;
                tiedRanks.Clear();
                while (j < end && t[order[j]] == groupTime)
                {
                    var r = ranks[order[j]];
                    var below = tree.PrefixCount(r - 1);
                    var upTo = tree.PrefixCount(r);
                    concordant += below;
                    tiedRisk += upTo - below;
                    discordant += inTree - upTo;
                    tiedRanks[r] = tiedRanks.GetValueOrDefault(r) + 1;
                    j++;
                }

                // Events tied in time are not comparable; R counts them as tied.y / tied.xy.
                long m = j - firstEvent;
                long sameRisk = 0;
                foreach (var count in tiedRanks.Values)
                {
                    sameRisk += (long)count * (count - 1) / 2;
                }

                tiedBoth += sameRisk;
                tiedTime += (m * (m - 1) / 2) - sameRisk;
                for (var k = firstEvent; k < j; k++)
                {
                    tree.Add(ranks[order[k]]);
                    inTree++;
                }

                i = j;
            }

            start = end;
        }

        var comparable = concordant + discordant + tiedRisk;
        var c = comparable == 0 ? double.NaN : (concordant + (tiedRisk / 2.0)) / comparable;
        return new ConcordanceResult(c, concordant, discordant, tiedRisk, tiedTime, tiedBoth);
    }

    private static int[] Ranks(ReadOnlySpan<double> risk, out int rankCount)
    {
        var n = risk.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = risk.ToArray();
        Array.Sort(keys, order);
        var ranks = new int[n];
        var rank = -1;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                rank++;
            }

            ranks[order[i]] = rank;
        }

        rankCount = rank + 1;
        return ranks;
    }

    private static double[] CheckedRisk(SurvivalData data, IReadOnlyList<double> risk)
    {
        if (risk.Count != data.Count)
        {
            throw new AnalyticsException($"{risk.Count} risk scores for {data.Count} subjects.");
        }

        var result = new double[risk.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (!double.IsFinite(risk[i]))
            {
                throw new AnalyticsException($"risk score is missing or infinite in {data.DescribeRow(i)}.");
            }

            result[i] = risk[i];
        }

        return result;
    }

    private static int[] CheckedStrata(SurvivalData data, IReadOnlyList<string> strata)
    {
        if (strata.Count != data.Count)
        {
            throw new AnalyticsException($"{strata.Count} strata labels for {data.Count} subjects.");
        }

        return GroupLevels.Of(strata, "stratum").Ids;
    }

    /// <summary>Counts of inserted ranks with prefix sums in O(log n).</summary>
    private sealed class Fenwick(int size)
    {
        private readonly long[] _counts = new long[size + 1];

        public void Clear() => Array.Clear(_counts);

        public void Add(int rank)
        {
            for (var i = rank + 1; i < _counts.Length; i += i & -i)
            {
                _counts[i]++;
            }
        }

        /// <summary>How many inserted ranks are ≤ <paramref name="rank"/>.</summary>
        public long PrefixCount(int rank)
        {
            long sum = 0;
            for (var i = rank + 1; i > 0; i -= i & -i)
            {
                sum += _counts[i];
            }

            return sum;
        }
    }
}
