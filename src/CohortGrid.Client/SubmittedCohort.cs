namespace CohortGrid.Client;

/// <summary>The answer to a submission.</summary>
/// <param name="Status">The cohort's status right after the submission.</param>
/// <param name="Created">
/// True when this submission created the cohort (202); false when the identical cohort existed already (200), which
/// is what re-submitting the same content, or a retried submission, returns.
/// </param>
public sealed record SubmittedCohort(CohortStatus Status, bool Created)
{
    /// <summary>The cohort id.</summary>
    public string Id => Status.Id;
}
