using CohortGrid.Storage.Formats;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Writes <c>cohorts/{id}/slide_vectors.parquet</c>: one row per completed slide, in manifest order. A slide without
/// tissue has a zero vector of the encoder's length (and 0 tiles), so it is kept and the row says so.
/// </summary>
public sealed class SlideVectorsWriter(ResultStore results) : ICohortCompletionHook
{
    public async Task OnCompletedAsync(CohortCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var order = completion.Submission.Manifest.Slides.Select((s, i) => (s.SlideId, i)).ToDictionary(p => p.SlideId, p => p.i, StringComparer.Ordinal);
        var rows = completion.Results
            .Where(r => r.SlideVector.Count > 0)
            .OrderBy(r => order.GetValueOrDefault(r.SlideId, int.MaxValue))
            .Select(r => new SlideVectorRow(r.SlideId, r.PatientId, r.Tiles, r.EncoderId, r.EncoderVersion, [.. r.SlideVector]))
            .ToList();
        using var buffer = new MemoryStream();
        await SlideVectorsFile.WriteAsync(buffer, rows, cancellationToken).ConfigureAwait(false);
        await results.WriteAsync(completion.Prefix + "slide_vectors.parquet", buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
