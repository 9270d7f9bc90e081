namespace CohortGrid.Grains.Services;

/// <summary>Writes <c>cohorts/{id}/summary.json</c>: counts, per-slide tiles and the reason of every failed slide.</summary>
public sealed class CohortSummaryWriter(ResultStore results) : ICohortCompletionHook
{
    public Task OnCompletedAsync(CohortCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var status = completion.Status;
        return results.WriteJsonAsync(completion.Prefix + "summary.json", new
        {
            status.CohortId,
            status.Name,
            State = status.State.ToString(),
            status.EncoderId,
            status.SlidesTotal,
            status.SlidesCompleted,
            status.SlidesFailed,
            Tiles = completion.Results.Sum(r => r.Tiles),
            status.SubmittedAt,
            status.CompletedAt,
            Slides = completion.Results.Select(r => new { r.SlideId, r.PatientId, r.Tiles, r.QcDropped, r.FeaturesPath, r.Reused }),
            Failed = status.Slides.Where(s => s.ErrorReason is not null).Select(s => new { s.SlideId, s.PatientId, Reason = s.ErrorReason, Message = s.ErrorMessage }),
        }, cancellationToken);
    }
}
