using CohortGrid.Contracts;

namespace CohortGrid.Grains;

/// <summary>What a cohort hands to its completion hooks when every slide has finished.</summary>
/// <param name="CohortId">The cohort.</param>
/// <param name="Submission">Manifest and encoder.</param>
/// <param name="Status">Final per-slide status.</param>
/// <param name="Results">Results of the slides that completed.</param>
/// <param name="Prefix">The cohort's blob prefix in the results container (<c>cohorts/{id}/</c>).</param>
public sealed record CohortCompletion(string CohortId, CohortSubmission Submission, CohortStatus Status, IReadOnlyList<SlideResult> Results, string Prefix);

/// <summary>
/// Runs when a cohort's slides are all done: slide-to-patient aggregation and the survival and
/// expression heads plug in here (analytics); the defaults write the cohort summary and slide vectors.
/// A hook must be safe to run twice: a cohort whose outputs could not all be written runs them again.
/// </summary>
public interface ICohortCompletionHook
{
    Task OnCompletedAsync(CohortCompletion completion, CancellationToken cancellationToken);
}
