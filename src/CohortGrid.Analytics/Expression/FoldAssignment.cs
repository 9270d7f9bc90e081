namespace CohortGrid.Analytics.Expression;

/// <summary>
/// Seeded assignment of samples to cross-validation folds. With groups (patients), all samples of a group land in
/// one fold, so slides of the same patient never sit on both sides of a split and inflate the correlation.
/// </summary>
internal static class FoldAssignment
{
    /// <summary>The fold of each sample: groups shuffled by the seed, then largest first into the emptiest fold.</summary>
    public static int[] Assign(int sampleCount, int folds, int seed, IReadOnlyList<string>? groups)
    {
        if (folds < 2)
        {
            throw new AnalyticsException($"cross-validation needs at least 2 folds, got {folds}");
        }

        if (groups is not null && groups.Count != sampleCount)
        {
            throw new AnalyticsException($"cross-validation: {groups.Count} group labels for {sampleCount} samples");
        }

        // Groups in order of first appearance, so the outcome depends only on the data and the seed.
        var members = new List<List<int>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sampleCount; i++)
        {
            if (groups is null)
            {
                members.Add([i]);
                continue;
            }

            var label = groups[i] ?? throw new AnalyticsException($"cross-validation: sample {i} has no group");
            if (!index.TryGetValue(label, out var g))
            {
                g = members.Count;
                index[label] = g;
                members.Add([]);
            }

            members[g].Add(i);
        }

        if (members.Count < folds)
        {
            throw new AnalyticsException($"cross-validation: {members.Count} groups cannot fill {folds} folds");
        }

        var random = new Random(seed);
        for (var i = members.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (members[i], members[j]) = (members[j], members[i]);
        }

        // Stable sort keeps the shuffled order among groups of equal size (all of them without groups).
        var ordered = members.OrderByDescending(m => m.Count).ToList();
        var sizes = new int[folds];
        var fold = new int[sampleCount];
        foreach (var group in ordered)
        {
            var target = 0;
            for (var f = 1; f < folds; f++)
            {
                if (sizes[f] < sizes[target])
                {
                    target = f;
                }
            }

            sizes[target] += group.Count;
            foreach (var sample in group)
            {
                fold[sample] = target;
            }
        }

        return fold;
    }

    /// <summary>Training and test sample indices of one fold, each ascending.</summary>
    public static (int[] Train, int[] Test) Split(int[] assignment, int fold)
    {
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < assignment.Length; i++)
        {
            (assignment[i] == fold ? test : train).Add(i);
        }

        return ([.. train], [.. test]);
    }
}
