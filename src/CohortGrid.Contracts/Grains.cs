using Orleans.Concurrency;

namespace CohortGrid.Contracts;

/// <summary>
/// One cohort (key: cohort id). Accepts a manifest, runs its slides with bounded concurrency, collects
/// their outcomes through callbacks and re-drives stalled slides; no call waits for a slide.
/// </summary>
public interface ICohortGrain : IGrainWithStringKey
{
    /// <summary>Starts the cohort; re-submitting the same manifest returns the existing cohort.</summary>
    Task<CohortStatus> Submit(CohortSubmission submission);

    /// <summary>
    /// The cohort's status. Interleaves with other calls: it only reads, and researchers polling status must not wait
    /// behind a long turn (the analytics of a finishing cohort).
    /// </summary>
    [AlwaysInterleave]
    Task<CohortStatus> GetStatus();

    /// <summary>Results of the slides completed so far.</summary>
    Task<IReadOnlyList<SlideResult>> GetResults();

    /// <summary>Stops scheduling; finished slides are kept.</summary>
    Task<CohortStatus> Cancel();

    /// <summary>Wakes the cohort after a restart so it continues from its persisted state.</summary>
    Task Resume();

    /// <summary>Progress report from a slide grain (also a heartbeat for stall detection).</summary>
    [OneWay]
    Task ReportProgress(string slideId, int attempt, int tilesDone, int tilesTotal);

    /// <summary>Final report from a slide grain.</summary>
    Task ReportOutcome(SlideOutcome outcome);
}

/// <summary>One slide of one cohort (key: "{cohortId}/{slideId}"). Plans the slide and streams its tile batches to tile grains.</summary>
public interface ISlideGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts) processing and returns at once; the outcome goes to the cohort grain.</summary>
    Task Start(SlideWork work);

    Task Cancel();
}

/// <summary>
/// One batch of tiles (key: "{cohortId}/{slideId}/{batchIndex}"). Placed only on GPU silos, all batches of a
/// slide on the same one; reads, preprocesses and embeds through the silo's batcher.
/// </summary>
public interface ITileGrain : IGrainWithStringKey
{
    /// <summary>Heavy encoders on a busy silo can queue a batch behind many others; allow more than the default 30 s.</summary>
    [ResponseTimeout("00:05:00")]
    Task<TileBatchResult> Embed(TileBatchRequest request);
}

/// <summary>Knows every cohort (key 0), so cohorts can be listed and resumed after a restart.</summary>
public interface ICohortRegistryGrain : IGrainWithIntegerKey
{
    Task Register(string cohortId, string name);

    Task<IReadOnlyList<string>> List();

    /// <summary>Wakes every cohort that has not finished.</summary>
    Task<int> ResumeUnfinished();

    Task MarkFinished(string cohortId);

    /// <summary>The ids of the cohorts registered and not yet finished (running, pending or waiting for a GPU silo).</summary>
    Task<IReadOnlyList<string>> ListUnfinished();
}
