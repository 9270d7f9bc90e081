using CohortGrid.Contracts;

namespace CohortGrid.Grains;

/// <summary>What a cohort hands to its completion hooks when every slide has finished.</summary>
/// <param name="CohortId">The cohort.</param>
/// <param name="Submission">Manifest and encoder.</param>
/// <param name="Status">Final per-slide status.</param>
/// <param name="Results">Results of the slides that completed.</param>
/// <param name="Directory">The cohort's result folder.</param>
public sealed record CohortCompletion(string CohortId, CohortSubmission Submission, CohortStatus Status, IReadOnlyList<SlideResult> Results, string Directory);

/// <summary>
/// Runs when a cohort's slides are all done: slide-to-patient aggregation and the survival and
/// expression heads plug in here (analytics); the default writes the cohort summary.
/// </summary>
public interface ICohortCompletionHook
{
    Task OnCompletedAsync(CohortCompletion completion, CancellationToken cancellationToken);
}
