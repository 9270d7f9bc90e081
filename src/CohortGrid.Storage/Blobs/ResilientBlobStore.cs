using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CohortGrid.Storage.Blobs;

/// <summary>
/// An <see cref="IBlobStore"/> decorator that retries transient failures: every call runs in a Polly pipeline of
/// retries with exponential, jittered backoff (outermost), a circuit breaker shared by all calls, and a timeout per
/// attempt (innermost). See <see cref="BlobStoreResilienceOptions"/> for the defaults and why.
/// </summary>
/// <remarks>
/// <para>
/// Retried: <see cref="BlobStoreException"/>s with <see cref="BlobStoreException.IsTransient"/> (503, 429, timeouts, no
/// response), attempts that ran past their timeout, and calls refused by the open circuit (they wait and try again, so
/// an outage shorter than the retries is invisible to callers). Reported at once: condition failures, missing blobs,
/// invalid arguments and non-transient failures such as a 403 (bad credentials) or 400. When every attempt failed the
/// call throws a transient <see cref="BlobStoreException"/> naming the blob and the number of attempts, with the last
/// failure as its inner exception. The caller's own cancellation stops the retries at once.
/// </para>
/// <para>
/// A write whose answer was lost may have happened. So when a conditional write (or upload, or copy) failed
/// transiently and its retry then fails its condition, the blob is read back: if it holds exactly the content being
/// written, the earlier attempt landed and the call returns the blob's ETag instead of failing. (Another writer that
/// stored the very same bytes in between is indistinguishable, and harmlessly taken for this one.) Likewise a
/// conditional delete that finds the blob gone after a lost answer reports it deleted.
/// </para>
/// <para>
/// <see cref="OpenReadAsync"/> retries opening the blob, not reading it: a stream that fails midway fails the reader,
/// which should open the blob again (a new open may see a newer version). <see cref="ListAsync"/> collects the whole
/// listing inside the retried call and then yields it, so a listing never restarts halfway through.
/// </para>
/// </remarks>
public sealed partial class ResilientBlobStore : IBlobStore
{
    private const int CompareBufferBytes = 1 << 16;

    private static readonly ResiliencePropertyKey<BlobCall> CallKey = new("CohortGrid.BlobCall");

    private readonly IBlobStore _inner;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    /// <param name="inner">The store to call, typically an <see cref="AzureBlobStore"/> (whose own retries are off).</param>
    /// <param name="options">Retry, timeout and circuit settings; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Receives retries (warnings) and circuit changes; nothing when <see langword="null"/>.</param>
    /// <param name="timeProvider">Clock for delays and timeouts; the system clock when <see langword="null"/>.</param>
    public ResilientBlobStore(IBlobStore inner, BlobStoreResilienceOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new BlobStoreResilienceOptions();
        options.Validate();
        _inner = inner;
        Options = options;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline(options, timeProvider);
    }

    public BlobStoreResilienceOptions Options { get; }

    public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync("read", container, name, isTransfer: false, (_, ct) => _inner.ReadAsync(container, name, ct), cancellationToken);

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        return ExecuteAsync("write", container, name, isTransfer: false, AttemptAsync, cancellationToken);

        async Task<string> AttemptAsync(BlobCall call, CancellationToken ct)
        {
            try
            {
                return await _inner.WriteAsync(container, name, content, condition, ct).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException) when (call.FailedBefore && condition.Kind != BlobConditionKind.None)
            {
                if (await _inner.ReadAsync(container, name, ct).ConfigureAwait(false) is { } stored && stored.Content.Span.SequenceEqual(content.Span))
                {
                    LogEarlierAttemptLanded(_logger, call.Operation, call.Subject, stored.ETag);
                    return stored.ETag;
                }

                throw;
            }
        }
    }

    public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        return ExecuteAsync("upload", container, name, isTransfer: true, AttemptAsync, cancellationToken);

        async Task<string> AttemptAsync(BlobCall call, CancellationToken ct)
        {
            try
            {
                return await _inner.UploadFileAsync(container, name, localPath, condition, ct).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException) when (call.FailedBefore && condition.Kind != BlobConditionKind.None)
            {
                var landed = await StoredETagIfSameAsync(container, name, _ => Task.FromResult<Stream?>(File.OpenRead(localPath)), ct).ConfigureAwait(false);
                if (landed is null)
                {
                    throw;
                }

                LogEarlierAttemptLanded(_logger, call.Operation, call.Subject, landed);
                return landed;
            }
        }
    }

    public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        return ExecuteAsync("delete", container, name, isTransfer: false, AttemptAsync, cancellationToken);

        async Task<bool> AttemptAsync(BlobCall call, CancellationToken ct)
        {
            try
            {
                return await _inner.DeleteAsync(container, name, ifMatchETag, ct).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException) when (call.FailedBefore)
            {
                // The blob is gone: most likely the lost attempt deleted it (another deleter in between ends the
                // same way; only a blob already missing before the first attempt is wrongly reported deleted).
                if (await _inner.GetPropertiesAsync(container, name, ct).ConfigureAwait(false) is not null)
                {
                    throw;
                }

                LogEarlierAttemptLanded(_logger, call.Operation, call.Subject, "(deleted)");
                return true;
            }
        }
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var items = await ExecuteAsync("listing", container, null, isTransfer: false, CollectAsync, cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            yield return item;
        }

        async Task<List<BlobItem>> CollectAsync(BlobCall _, CancellationToken ct)
        {
            var list = new List<BlobItem>();
            await foreach (var item in _inner.ListAsync(container, prefix, ct).ConfigureAwait(false))
            {
                list.Add(item);
            }

            return list;
        }
    }

    /// <remarks>Only opening is retried; the returned stream is the inner store's, and a failure while reading it is the reader's.</remarks>
    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync("open", container, name, isTransfer: false, (_, ct) => _inner.OpenReadAsync(container, name, ct), cancellationToken);

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync("properties read", container, name, isTransfer: false, (_, ct) => _inner.GetPropertiesAsync(container, name, ct), cancellationToken);

    public Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync("download", container, name, isTransfer: true, (_, ct) => _inner.DownloadToFileAsync(container, name, localPath, ifMatchETag, ct), cancellationToken);

    public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        return ExecuteAsync("copy", container, targetName, isTransfer: true, AttemptAsync, cancellationToken);

        async Task<string> AttemptAsync(BlobCall call, CancellationToken ct)
        {
            try
            {
                return await _inner.CopyAsync(container, sourceName, targetName, condition, ct).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException) when (call.FailedBefore && condition.Kind != BlobConditionKind.None)
            {
                var landed = await StoredETagIfSameAsync(container, targetName, OpenSourceAsync, ct).ConfigureAwait(false);
                if (landed is null)
                {
                    throw;
                }

                LogEarlierAttemptLanded(_logger, call.Operation, call.Subject, landed);
                return landed;
            }
        }

        async Task<Stream?> OpenSourceAsync(CancellationToken ct) =>
            (await _inner.OpenReadAsync(container, sourceName, ct).ConfigureAwait(false))?.Content;
    }

    /// <summary>Whether a failure may go away when the call is tried again (and so is retried).</summary>
    public static bool IsTransient(Exception? exception) =>
        exception is BlobStoreException { IsTransient: true } or TimeoutRejectedException or BrokenCircuitException;

    private ResiliencePipeline BuildPipeline(BlobStoreResilienceOptions options, TimeProvider? timeProvider)
    {
        var builder = new ResiliencePipelineBuilder();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(CallKey, out var call))
                    {
                        call.FailedBefore = true;
                        LogRetry(_logger, call.Operation, call.Subject, call.Attempts, options.MaxAttempts, Reason(args.Outcome.Exception), (long)args.RetryDelay.TotalMilliseconds);
                        call.Attempts++;
                    }

                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            // Failures of the storage service only: a missing blob or a lost race says nothing about its health.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BlobStoreException { IsTransient: true } or TimeoutRejectedException),
            FailureRatio = options.FailureRatio,
            SamplingDuration = options.SamplingDuration,
            MinimumThroughput = options.MinimumThroughput,
            BreakDuration = options.BreakDuration,
            OnOpened = args =>
            {
                LogCircuitOpened(_logger, args.BreakDuration.TotalSeconds, Reason(args.Outcome.Exception));
                return default;
            },
            OnHalfOpened = _ =>
            {
                LogCircuitHalfOpened(_logger);
                return default;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(_logger);
                return default;
            },
        });

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(CallKey, out var call) && call.IsTransfer ? options.TransferAttemptTimeout : options.AttemptTimeout),
        });

        return builder.Build();
    }

    private async Task<T> ExecuteAsync<T>(string operation, string container, string? blobName, bool isTransfer, Func<BlobCall, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var call = new BlobCall(operation, container, blobName, isTransfer);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(async ctx => await attempt(call, ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            throw GaveUp(call, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private BlobStoreException GaveUp(BlobCall call, Exception last)
    {
        var elapsed = Stopwatch.GetElapsedTime(call.Started);
        var reason = Reason(last);
        LogGaveUp(_logger, call.Operation, call.Subject, call.Attempts, elapsed.TotalSeconds, reason);
        var subject = call.BlobName is null ? $"container '{call.Container}'" : $"blob '{call.BlobName}' in container '{call.Container}'";
        var attempts = call.Attempts == 1 ? "1 attempt" : $"{call.Attempts} attempts";
        var message = $"Blob store {call.Operation} of {subject} failed after {attempts} over {elapsed.TotalSeconds:0.0} s; the last: {reason}";
        var failure = last as BlobStoreException ?? last.InnerException as BlobStoreException;
        return new BlobStoreException(message, call.Container, call.BlobName, failure?.Status ?? 0, failure?.ErrorCode, isTransient: true, last);
    }

    /// <summary>A failure in words fit for a log: a <see cref="BlobStoreException"/>'s message never carries a secret.</summary>
    private static string Reason(Exception? exception) => exception switch
    {
        BlobStoreException e => e.Message,
        TimeoutRejectedException e => $"the attempt timed out after {e.Timeout.TotalSeconds:0.#} s",
        BrokenCircuitException { InnerException: { } cause } => $"the circuit is open after repeated storage failures, the last: {Reason(cause)}",
        BrokenCircuitException => "the circuit is open after repeated storage failures",
        null => "no exception",
        _ => exception.GetType().Name,
    };

    /// <summary>The blob's ETag when it holds exactly the bytes of <paramref name="openExpected"/>; otherwise <see langword="null"/>.</summary>
    private async Task<string?> StoredETagIfSameAsync(string container, string name, Func<CancellationToken, Task<Stream?>> openExpected, CancellationToken cancellationToken)
    {
        var stored = await _inner.OpenReadAsync(container, name, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        await using (stored.ConfigureAwait(false))
        {
            var expected = await openExpected(cancellationToken).ConfigureAwait(false);
            if (expected is null)
            {
                return null;
            }

            await using (expected.ConfigureAwait(false))
            {
                return await SameBytesAsync(expected, stored.Content, cancellationToken).ConfigureAwait(false) ? stored.ETag : null;
            }
        }
    }

    private static async Task<bool> SameBytesAsync(Stream first, Stream second, CancellationToken cancellationToken)
    {
        var a = ArrayPool<byte>.Shared.Rent(CompareBufferBytes);
        var b = ArrayPool<byte>.Shared.Rent(CompareBufferBytes);
        try
        {
            while (true)
            {
                var readA = await first.ReadAtLeastAsync(a.AsMemory(0, CompareBufferBytes), CompareBufferBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var readB = await second.ReadAtLeastAsync(b.AsMemory(0, CompareBufferBytes), CompareBufferBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (readA != readB || !a.AsSpan(0, readA).SequenceEqual(b.AsSpan(0, readB)))
                {
                    return false;
                }

                if (readA < CompareBufferBytes)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob store {Operation} of {Blob} failed on attempt {Attempt} of {MaxAttempts}: {Reason} Retrying in {DelayMilliseconds} ms.")]
    private static partial void LogRetry(ILogger logger, string operation, string blob, int attempt, int maxAttempts, string reason, long delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob store {Operation} of {Blob} gave up after {Attempts} attempts over {Seconds:0.0} s: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string operation, string blob, int attempts, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob store {Operation} of {Blob}: an earlier attempt whose answer was lost had succeeded; using ETag {ETag}.")]
    private static partial void LogEarlierAttemptLanded(ILogger logger, string operation, string blob, string eTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob store circuit opened for {BreakSeconds:0.#} s after repeated failures ({Reason}); calls wait and retry until storage answers again.")]
    private static partial void LogCircuitOpened(ILogger logger, double breakSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob store circuit half-open: letting a call through to probe storage.")]
    private static partial void LogCircuitHalfOpened(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob store circuit closed: storage answers again.")]
    private static partial void LogCircuitClosed(ILogger logger);

    /// <summary>One call through the pipeline: what the callbacks log, and what its attempts learned.</summary>
    private sealed class BlobCall(string operation, string container, string? blobName, bool isTransfer)
    {
        public string Operation { get; } = operation;

        public string Container { get; } = container;

        public string? BlobName { get; } = blobName;

        public bool IsTransfer { get; } = isTransfer;

        public string Subject => BlobName is null ? Container : $"{Container}/{BlobName}";

        public long Started { get; } = Stopwatch.GetTimestamp();

        /// <summary>Attempts so far, the current one included (also those the open circuit refused).</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>An earlier attempt failed transiently: it may still have happened, its answer lost.</summary>
        public bool FailedBefore { get; set; }
    }
}
