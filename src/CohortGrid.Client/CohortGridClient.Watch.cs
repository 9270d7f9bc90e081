using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;

namespace CohortGrid.Client;

public sealed partial class CohortGridClient
{
    /// <summary>
    /// Follows a cohort until it finishes: yields its first status, then each one that shows a change (state, counts,
    /// tiles, a slide's state or attempts), and ends after yielding a finished one (<see cref="CohortStatus.IsFinished"/>).
    /// Polls every <see cref="WatchOptions.InitialInterval"/> while the cohort moves, backing off to
    /// <see cref="WatchOptions.MaxInterval"/> while it does not. Rides out a server restart: connection failures,
    /// timeouts and 5xx answers are waited out, with backoff, for up to <see cref="WatchOptions.GiveUpAfter"/>.
    /// </summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="options">Polling and give-up settings; null for <see cref="WatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops watching (not the cohort).</param>
    /// <returns>The statuses, changed ones only, the last one finished.</returns>
    /// <exception cref="CohortNotFoundException">There is no such cohort.</exception>
    /// <exception cref="CohortGridUnavailableException">The server gave no usable answer for longer than <see cref="WatchOptions.GiveUpAfter"/>.</exception>
    public async IAsyncEnumerable<CohortStatus> WatchAsync(string cohortId, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cohortId);
        options ??= WatchOptions.Default;
        options.Validate();
        var interval = options.InitialInterval;
        CohortStatus? last = null;
        Stopwatch? failingFor = null;
        while (true)
        {
            CohortStatus? status = null;
            try
            {
                status = await GetStatusAsync(cohortId, cancellationToken).ConfigureAwait(false);
                failingFor = null;
            }
            catch (Exception ex) when (IsPassing(ex, cancellationToken))
            {
                failingFor ??= Stopwatch.StartNew();
                if (failingFor.Elapsed >= options.GiveUpAfter)
                {
                    throw new CohortGridUnavailableException(
                        $"CohortGrid at {_baseAddress} gave no usable answer for {failingFor.Elapsed.TotalSeconds:0} s while watching cohort '{cohortId}' (giving up after {options.GiveUpAfter}); last error: {ex.Message}",
                        (ex as CohortGridException)?.StatusCode ?? (ex as HttpRequestException)?.StatusCode ?? HttpStatusCode.ServiceUnavailable,
                        ex);
                }
            }

            if (status is not null)
            {
                var changed = last is null || !SameProgress(last, status);
                if (changed)
                {
                    yield return status;
                }

                if (status.IsFinished)
                {
                    yield break;
                }

                last = status;
                interval = changed ? options.InitialInterval : Grow(interval, options);
            }
            else
            {
                interval = Grow(interval, options);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until a cohort finishes (see <see cref="WatchAsync"/>), reporting each change.</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="progress">Receives each changed status, the final one included; may be null.</param>
    /// <param name="cancellationToken">Stops waiting (not the cohort).</param>
    /// <returns>The finished status: look at <see cref="CohortStatus.State"/> for how it ended.</returns>
    public Task<CohortStatus> WaitForCompletionAsync(string cohortId, IProgress<CohortStatus>? progress, CancellationToken cancellationToken) =>
        WaitForCompletionAsync(cohortId, progress, null, cancellationToken);

    /// <summary>Waits until a cohort finishes (see <see cref="WatchAsync"/>), reporting each change.</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="progress">Receives each changed status, the final one included; may be null.</param>
    /// <param name="options">Polling and give-up settings; null for <see cref="WatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops waiting (not the cohort).</param>
    /// <returns>The finished status: look at <see cref="CohortStatus.State"/> for how it ended.</returns>
    public async Task<CohortStatus> WaitForCompletionAsync(string cohortId, IProgress<CohortStatus>? progress = null, WatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        CohortStatus? last = null;
        await foreach (var status in WatchAsync(cohortId, options, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(status);
            last = status;
        }

        // The watch ends only after a finished status (or throws).
        return last!;
    }

    /// <summary>Failures a watch waits out: the server unreachable, slow or failing (a restart), not a refusal.</summary>
    internal static bool IsPassing(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        CohortGridException api => CohortGridResilience.IsTransient(api.StatusCode),
        HttpRequestException or TimeoutException or IOException => true,

        // HttpClient.Timeout of a caller-supplied client, not the caller's cancellation.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TimeSpan Grow(TimeSpan interval, WatchOptions options)
    {
        var next = interval * options.BackoffFactor;
        return next > options.MaxInterval ? options.MaxInterval : next;
    }

    /// <summary>True when nothing a person follows has changed (elapsed time, rate and ETA always do).</summary>
    internal static bool SameProgress(CohortStatus a, CohortStatus b)
    {
        if (a.State != b.State || a.IsFinished != b.IsFinished || a.Message != b.Message
            || a.SlidesCompleted != b.SlidesCompleted || a.SlidesFailed != b.SlidesFailed || a.SlidesRunning != b.SlidesRunning
            || a.TilesDone != b.TilesDone || a.TilesTotal != b.TilesTotal || a.Slides.Count != b.Slides.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Slides.Count; i++)
        {
            var (x, y) = (a.Slides[i], b.Slides[i]);
            if (x.SlideId != y.SlideId || x.State != y.State || x.TilesDone != y.TilesDone || x.TilesTotal != y.TilesTotal
                || x.Attempts != y.Attempts || x.ErrorReason != y.ErrorReason)
            {
                return false;
            }
        }

        return true;
    }
}
