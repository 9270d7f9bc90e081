using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cohorts;

/// <summary>Grain records to the API's wire records (the SDK's models), with the derived figures researchers ask for.</summary>
internal static class CohortMapping
{
    public static Wire.CohortStatus ToWire(this Contracts.CohortStatus status, DateTimeOffset now)
    {
        var finished = status.IsFinished;
        var end = status.CompletedAt ?? now;
        var elapsed = Math.Max(0, (end - status.SubmittedAt).TotalSeconds);
        var started = status.Slides.Where(s => s.StartedAt is not null).Select(s => s.StartedAt!.Value).DefaultIfEmpty(status.SubmittedAt).Min();
        var working = Math.Max(0.001, (end - started).TotalSeconds);
        var rate = status.TilesDone / working;
        return new Wire.CohortStatus
        {
            Id = status.CohortId,
            Name = status.Name,
            State = (Wire.CohortState)status.State,
            EncoderId = status.EncoderId,
            Message = status.Message,
            SubmittedAt = status.SubmittedAt,
            CompletedAt = status.CompletedAt,
            SlidesTotal = status.SlidesTotal,
            SlidesCompleted = status.SlidesCompleted,
            SlidesFailed = status.SlidesFailed,
            SlidesRunning = status.SlidesRunning,
            TilesDone = status.TilesDone,
            TilesTotal = status.TilesTotal,
            Progress = Progress(status),
            ElapsedSeconds = Math.Round(elapsed, 1),
            TilesPerSecond = Math.Round(rate, 1),
            EtaSeconds = finished ? null : Eta(status, rate),
            IsFinished = finished,
            Slides = [.. status.Slides.Select(ToWire)],
        };
    }

    public static Wire.CohortSummary ToSummary(this Contracts.CohortStatus status) => new()
    {
        Id = status.CohortId,
        Name = status.Name,
        State = (Wire.CohortState)status.State,
        SlidesTotal = status.SlidesTotal,
        SlidesCompleted = status.SlidesCompleted,
        SlidesFailed = status.SlidesFailed,
        Progress = Progress(status),
        SubmittedAt = status.SubmittedAt,
        CompletedAt = status.CompletedAt,
    };

    private static Wire.SlideStatus ToWire(Contracts.SlideStatus slide) => new()
    {
        SlideId = slide.SlideId,
        PatientId = slide.PatientId,
        State = (Wire.SlideState)slide.State,
        TilesDone = slide.TilesDone,
        TilesTotal = slide.TilesTotal,
        Attempts = slide.Attempts,
        ErrorReason = slide.ErrorReason,
        ErrorMessage = slide.ErrorMessage,
        StartedAt = slide.StartedAt,
        CompletedAt = slide.CompletedAt,
    };

    // Finished slides count whole; a running slide by its tiles (0 until it is planned).
    private static double Progress(Contracts.CohortStatus status)
    {
        if (status.IsFinished)
        {
            return 1;
        }

        if (status.Slides.Count == 0)
        {
            return 0;
        }

        var done = status.Slides.Sum(s => s.State switch
        {
            Contracts.SlideState.Completed or Contracts.SlideState.Failed or Contracts.SlideState.Cancelled => 1.0,
            Contracts.SlideState.Running when s.TilesTotal > 0 => Math.Min(1.0, (double)s.TilesDone / s.TilesTotal),
            _ => 0.0,
        });

        // A cohort whose slides are all done is still writing its results: not 100 % until it says so.
        return Math.Round(Math.Min(0.999, done / status.Slides.Count), 4);
    }

    // Remaining tiles at the rate so far; slides not yet planned are assumed to be as large as the planned ones.
    private static double? Eta(Contracts.CohortStatus status, double rate)
    {
        var planned = status.Slides.Where(s => s.TilesTotal > 0 || s.State is Contracts.SlideState.Completed).ToList();
        if (rate <= 0 || planned.Count == 0)
        {
            return null;
        }

        var perSlide = planned.Average(s => (double)s.TilesTotal);
        var remaining = status.Slides.Sum(s => s.State switch
        {
            Contracts.SlideState.Pending => perSlide,
            Contracts.SlideState.Running => s.TilesTotal > 0 ? Math.Max(0, s.TilesTotal - s.TilesDone) : perSlide,
            _ => 0,
        });
        return Math.Round(remaining / rate, 1);
    }
}
