using CohortGrid.Contracts;
using CohortGrid.Grains.Placement;
using CohortGrid.Grains.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains;

/// <summary>
/// One cohort. Persists the manifest and a status per slide, starts slides with bounded concurrency,
/// takes their outcomes through callbacks and, from a timer, restarts slides that went silent (a silo
/// lost, a stall) and retries while no GPU silo is available. No call ever waits for a slide.
/// State is written when a slide finishes (so a finished slide is never redone after a restart) and
/// by the supervision tick for other changes, not per progress report. Lives on a CPU silo when the cluster has one, so
/// GPU silos come and go without taking cohorts with them.
/// </summary>
[CpuSiloPlacementFilter]
public sealed class CohortGrain(
    [PersistentState("cohort", GrainStorageNames.Default)] IPersistentState<CohortGrainState> state,
    IOptions<CohortGridOptions> options,
    ResultStore results,
    SlideSources sources,
    IEnumerable<ICohortCompletionHook> hooks,
    ILogger<CohortGrain> logger) : Grain, ICohortGrain
{
    private IGrainTimer? _supervisor;
    private bool _dirty;

    private CohortGridOptions Settings => options.Value;

    private string CohortId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Submission is not null && !IsFinished)
        {
            // A new activation of an unfinished cohort means the previous one died (silo loss or
            // cluster restart): its running slides lost their grains too, so start them again.
            foreach (var slide in state.State.Slides.Where(s => s.State == SlideState.Running).ToList())
            {
                Replace(slide, slide with { State = SlideState.Pending });
            }

            StartSupervision();
            await Pump().ConfigureAwait(true);
        }
    }

    public async Task<CohortStatus> Submit(CohortSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        submission = submission.Normalized();
        var fingerprint = submission.Fingerprint();
        if (state.State.Submission is not null)
        {
            return state.State.Fingerprint == fingerprint
                ? Status()
                : throw new ArgumentException($"Cohort '{CohortId}' already exists with a different manifest; submit under another id.");
        }

        var problems = ManifestValidation.Validate(submission.Manifest, sources.Problem);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The manifest has {problems.Count} problem(s): {string.Join(" ", problems.Select(p => p.Message))}");
        }

        // The manifest goes first: a cohort whose state exists always has its manifest beside its results.
        await results.WriteJsonAsync(ResultStore.CohortPrefix(CohortId) + "manifest.json", submission).ConfigureAwait(true);
        state.State = new CohortGrainState
        {
            Submission = submission,
            Fingerprint = fingerprint,
            State = CohortState.Pending,
            SubmittedAt = DateTimeOffset.UtcNow,
            Slides = [.. submission.Manifest.Slides.Select(s => new SlideStatus { SlideId = s.SlideId, PatientId = s.PatientId, State = SlideState.Pending })],
        };
        await state.WriteStateAsync().ConfigureAwait(true);
        await GrainFactory.GetGrain<ICohortRegistryGrain>(0).Register(CohortId, submission.Manifest.Name).ConfigureAwait(true);
        GrainLog.CohortSubmitted(logger, CohortId, submission.Manifest.Slides.Count, submission.EncoderId);
        StartSupervision();
        await Pump().ConfigureAwait(true);
        return Status();
    }

    public Task<CohortStatus> GetStatus() => Task.FromResult(Status());

    public async Task<IReadOnlyList<SlideResult>> GetResults()
    {
        var list = new List<SlideResult>();
        foreach (var slide in state.State.Slides.Where(s => s.State == SlideState.Completed))
        {
            if (await results.ReadJsonAsync<SlideResult>(ResultStore.SlidePrefix(CohortId, slide.SlideId) + "summary.json").ConfigureAwait(true) is { } result)
            {
                list.Add(result);
            }
        }

        return list;
    }

    public async Task<CohortStatus> Cancel()
    {
        if (state.State.Submission is null || IsFinished)
        {
            return Status();
        }

        foreach (var slide in state.State.Slides.Where(s => s.State is SlideState.Pending or SlideState.Running).ToList())
        {
            if (slide.State == SlideState.Running)
            {
                await SlideGrain(slide.SlideId).Cancel().ConfigureAwait(true);
            }

            Replace(slide, slide with { State = SlideState.Cancelled, CompletedAt = DateTimeOffset.UtcNow });
        }

        await Finish(CohortState.Cancelled).ConfigureAwait(true);
        return Status();
    }

    public Task Resume() => Task.CompletedTask; // activation does the work (OnActivateAsync)

    public Task ReportProgress(string slideId, int attempt, int tilesDone, int tilesTotal)
    {
        var slide = Find(slideId);
        if (slide is { State: SlideState.Running } && slide.Attempts == attempt)
        {
            Replace(slide, slide with { TilesDone = tilesDone, TilesTotal = tilesTotal, LastProgressAt = DateTimeOffset.UtcNow }, dirty: false);
            if (tilesDone > 0)
            {
                LeaveWaitingForGpu();
            }
        }

        return Task.CompletedTask;
    }

    public async Task ReportOutcome(SlideOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var slide = Find(outcome.SlideId);
        if (slide is not { State: SlideState.Running } || slide.Attempts != outcome.Attempt)
        {
            return; // a late report of an attempt that was replaced
        }

        var now = DateTimeOffset.UtcNow;
        if (outcome.Result is { } result)
        {
            LeaveWaitingForGpu();
            Replace(slide, slide with { State = SlideState.Completed, TilesDone = result.Tiles + result.QcDropped, TilesTotal = result.Tiles + result.QcDropped, CompletedAt = now, ErrorReason = null, ErrorMessage = null });
        }
        else if ((outcome.ErrorReason is Grains.SlideGrain.StorageUnavailableReason or Grains.SlideGrain.InterruptedReason) && slide.Attempts < Settings.MaxAttempts)
        {
            // Storage was down longer than the retries waited, or the slide's silo stopped under it: try the slide again rather than fail it.
            GrainLog.SlideRestarted(logger, CohortId, slide.SlideId, slide.Attempts + 1, outcome.ErrorMessage ?? "storage unavailable");
            Replace(slide, slide with { State = SlideState.Pending });
        }
        else if (outcome.ErrorReason == NoGpuSiloException.Reason)
        {
            // Not the slide's fault: wait for a GPU silo without spending an attempt.
            Replace(slide, slide with { State = SlideState.Pending, Attempts = slide.Attempts - 1 });
            state.State.State = CohortState.WaitingForGpu;
            state.State.Message = outcome.ErrorMessage;
            GrainLog.WaitingForGpu(logger, CohortId, outcome.ErrorMessage ?? "");
            return;
        }
        else
        {
            GrainLog.SlideFailed(logger, CohortId, slide.SlideId, outcome.ErrorReason ?? "unknown", outcome.ErrorMessage ?? "");
            Replace(slide, slide with { State = SlideState.Failed, CompletedAt = now, ErrorReason = outcome.ErrorReason, ErrorMessage = outcome.ErrorMessage });
        }

        if (state.State.Slides.All(s => s.State is SlideState.Completed or SlideState.Failed or SlideState.Cancelled))
        {
            await Finish(state.State.Slides.Any(s => s.State == SlideState.Failed) ? CohortState.CompletedWithErrors : CohortState.Completed).ConfigureAwait(true);
            return;
        }

        await Pump().ConfigureAwait(true);
        await Persist().ConfigureAwait(true);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await Persist(cancellationToken).ConfigureAwait(true);
        }
    }

    private async Task Persist(CancellationToken cancellationToken = default)
    {
        _dirty = false;
        await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
    }

    private bool IsFinished => state.State.State is CohortState.Completed or CohortState.CompletedWithErrors or CohortState.Cancelled;

    private ISlideGrain SlideGrain(string slideId) => GrainFactory.GetGrain<ISlideGrain>($"{CohortId}/{slideId}");

    /// <summary>Starts pending slides while fewer than the allowed number run.</summary>
    private async Task Pump()
    {
        if (IsFinished || state.State.Submission is not { } submission)
        {
            return;
        }

        var running = state.State.Slides.Count(s => s.State == SlideState.Running);
        foreach (var slide in state.State.Slides.Where(s => s.State == SlideState.Pending).ToList())
        {
            if (running >= Math.Max(1, Settings.MaxConcurrentSlides))
            {
                break;
            }

            var manifestSlide = submission.Manifest.Slides.First(s => s.SlideId == slide.SlideId);
            var attempt = slide.Attempts + 1;
            var now = DateTimeOffset.UtcNow;
            Replace(slide, slide with { State = SlideState.Running, Attempts = attempt, StartedAt = slide.StartedAt ?? now, LastProgressAt = now });
            await SlideGrain(slide.SlideId).Start(new SlideWork { CohortId = CohortId, Slide = manifestSlide, EncoderId = submission.EncoderId, Attempt = attempt }).ConfigureAwait(true);
            running++;
        }

        if (state.State.State is CohortState.Pending)
        {
            state.State.State = CohortState.Running;
            _dirty = true;
        }
    }

    private async Task Supervise(CancellationToken cancellationToken)
    {
        if (IsFinished)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var slide in state.State.Slides.Where(s => s.State == SlideState.Running && now - s.LastProgressAt > Settings.StallTimeout).ToList())
        {
            if (slide.Attempts >= Settings.MaxAttempts)
            {
                GrainLog.SlideFailed(logger, CohortId, slide.SlideId, "stalled", $"no progress for {Settings.StallTimeout} after {slide.Attempts} attempts");
                Replace(slide, slide with { State = SlideState.Failed, CompletedAt = now, ErrorReason = "stalled", ErrorMessage = $"No progress for {Settings.StallTimeout.TotalSeconds:0} s in each of {slide.Attempts} attempts (silo lost or hung)." });
            }
            else
            {
                GrainLog.SlideRestarted(logger, CohortId, slide.SlideId, slide.Attempts + 1, $"no progress for {Settings.StallTimeout.TotalSeconds:0} s");
                Replace(slide, slide with { State = SlideState.Pending });
            }
        }

        if (state.State.Slides.All(s => s.State is SlideState.Completed or SlideState.Failed or SlideState.Cancelled))
        {
            await Finish(state.State.Slides.Any(s => s.State == SlideState.Failed) ? CohortState.CompletedWithErrors : CohortState.Completed).ConfigureAwait(true);
            return;
        }

        await Pump().ConfigureAwait(true);
        if (_dirty)
        {
            await Persist(cancellationToken).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Writes the cohort's outputs, then records it as finished. If storage fails on the way, the state stays
    /// unfinished and the next supervision tick (or, after a restart, the next activation) finishes it again, so
    /// a finished cohort always has all its outputs.
    /// </summary>
    private async Task Finish(CohortState final)
    {
        // Seen by status polls meanwhile (GetStatus interleaves): the slides are done, the analytics may take a while.
        state.State.Message = "All slides done; writing results and analytics.";
        var completedAt = DateTimeOffset.UtcNow;
        var message = final == CohortState.CompletedWithErrors
            ? $"{state.State.Slides.Count(s => s.State == SlideState.Failed)} slide(s) failed; see each slide's reason."
            : null;
        var status = Status() with { State = final, CompletedAt = completedAt, Message = message };
        var prefix = ResultStore.CohortPrefix(CohortId);
        await results.WriteJsonAsync(prefix + "status.json", status).ConfigureAwait(true);
        var completed = await GetResults().ConfigureAwait(true);
        foreach (var hook in hooks)
        {
            await hook.OnCompletedAsync(new CohortCompletion(CohortId, state.State.Submission!, status, completed, prefix), CancellationToken.None).ConfigureAwait(true);
        }

        state.State.State = final;
        state.State.CompletedAt = completedAt;
        state.State.Message = message;
        await state.WriteStateAsync().ConfigureAwait(true);
        _dirty = false;
        _supervisor?.Dispose();
        _supervisor = null;
        await GrainFactory.GetGrain<ICohortRegistryGrain>(0).MarkFinished(CohortId).ConfigureAwait(true);
        GrainLog.CohortFinished(logger, CohortId, final.ToString(), status.SlidesCompleted, status.SlidesFailed);
    }

    // Tiles are being embedded again, so a GPU silo is back.
    private void LeaveWaitingForGpu()
    {
        if (state.State.State == CohortState.WaitingForGpu)
        {
            state.State.State = CohortState.Running;
            state.State.Message = null;
            _dirty = true;
        }
    }

    private void StartSupervision() =>
        _supervisor ??= this.RegisterGrainTimer(Supervise, new GrainTimerCreationOptions
        {
            DueTime = Settings.SupervisionInterval,
            Period = Settings.SupervisionInterval,
            KeepAlive = true,
        });

    private SlideStatus? Find(string slideId) => state.State.Slides.Find(s => s.SlideId == slideId);

    private void Replace(SlideStatus old, SlideStatus updated, bool dirty = true)
    {
        var index = state.State.Slides.IndexOf(old);
        state.State.Slides[index] = updated;
        _dirty |= dirty;
    }

    private CohortStatus Status() => new()
    {
        CohortId = CohortId,
        Name = state.State.Submission?.Manifest.Name ?? "",
        EncoderId = state.State.Submission?.EncoderId ?? "",
        State = state.State.State,
        Slides = [.. state.State.Slides],
        SubmittedAt = state.State.SubmittedAt,
        CompletedAt = state.State.CompletedAt,
        Message = state.State.Message,
    };
}
