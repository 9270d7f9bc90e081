namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// A frozen survival head: image risk = <see cref="Score"/> of a patient's (or slide's) embedding, and the training
/// cut-offs that split risk into groups (ascending; <c>n</c> cut-offs give <c>n + 1</c> groups named by
/// <see cref="GroupNames"/>, lowest risk first).
/// </summary>
/// <param name="Score">Risk as a linear function of the embedding (the Cox linear predictor).</param>
/// <param name="CutOffs">Risk thresholds from the training cohort.</param>
/// <param name="GroupNames">One name per group, lowest risk first.</param>
/// <param name="Components">Principal components the Cox model was fitted on.</param>
/// <param name="Penalty">Ridge penalty of that Cox fit.</param>
public sealed record SurvivalHead(LinearScore Score, double[] CutOffs, string[] GroupNames, int Components, double Penalty)
{
    /// <summary>The group of a risk: the number of cut-offs it exceeds.</summary>
    public string GroupOf(double risk) => GroupNames[CutOffs.Count(c => risk > c)];
}
