using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains;

/// <summary>Log messages of the grains (source-generated).</summary>
internal static partial class GrainLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cohort {CohortId} submitted: {Slides} slides, encoder {EncoderId}")]
    public static partial void CohortSubmitted(ILogger logger, string cohortId, int slides, string encoderId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Cohort {CohortId} finished as {State}: {Completed} slides done, {Failed} failed")]
    public static partial void CohortFinished(ILogger logger, string cohortId, string state, int completed, int failed);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Cohort {CohortId}: slide {SlideId} restarted (attempt {Attempt}): {Why}")]
    public static partial void SlideRestarted(ILogger logger, string cohortId, string slideId, int attempt, string why);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Cohort {CohortId}: slide {SlideId} failed ({Reason}): {Message}")]
    public static partial void SlideFailed(ILogger logger, string cohortId, string slideId, string reason, string message);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Slide {SlideKey}: {Tiles} tiles in {Batches} batches ({Seconds:0.0} s, reused {Reused})")]
    public static partial void SlideDone(ILogger logger, string slideKey, int tiles, int batches, double seconds, bool reused);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Slide {SlideKey}: batch {Batch} retried after {Error}")]
    public static partial void BatchRetried(ILogger logger, string slideKey, int batch, string error);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Cohort {CohortId} waits: {Message}")]
    public static partial void WaitingForGpu(ILogger logger, string cohortId, string message);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Silo work report not sent: {Error}")]
    public static partial void WorkReportFailed(ILogger logger, string error);
}
