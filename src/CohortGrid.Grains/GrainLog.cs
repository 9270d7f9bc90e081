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

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Slide {SlideKey}: batch {Batch} sent again (attempt {Attempt} failed: {Error})")]
    public static partial void BatchRetried(ILogger logger, string slideKey, int batch, int attempt, string error);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Cohort {CohortId} waits: {Message}")]
    public static partial void WaitingForGpu(ILogger logger, string cohortId, string message);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Silo work report not sent: {Error}")]
    public static partial void WorkReportFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Silo stopping: {Batches} tile batches in flight, {Tiles} tiles embedded since start")]
    public static partial void StoppingWithBatches(ILogger logger, int batches, long tiles);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Silo drained: {Batches} tile batches left after {Seconds:0.00} s, {Tiles} tiles embedded since start ({Finished} batches finished and {Refused} refused while stopping)")]
    public static partial void Drained(ILogger logger, int batches, double seconds, long tiles, int finished, long refused);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Silo starting without the roles of every silo after {Seconds:0.0} s; unknown: {Silos}")]
    public static partial void MetadataIncomplete(ILogger logger, double seconds, string silos);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Slide {SlideKey}: deactivated while running ({Reason}); the cohort starts it again")]
    public static partial void SlideInterrupted(ILogger logger, string slideKey, string reason);
}
