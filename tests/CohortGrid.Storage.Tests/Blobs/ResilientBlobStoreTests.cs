using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing;
using CohortGrid.Testing.Azurite;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Storage.Tests.Blobs;

/// <summary>
/// <see cref="ResilientBlobStore"/>: over Azurite, outages are ridden out and permanent failures reported at once; over a
/// store with injected faults, the cases an emulator cannot produce on demand (lost answers, hung attempts).
/// </summary>
public sealed class ResilientBlobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly BlobStoreResilienceOptions Fast = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromMilliseconds(300),
    };

    private readonly string _container = AzuriteFixture.NewContainerName("resilience");
    private readonly ListLogger _log = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A test that failed while Azurite was stopped must not take the next one down with it.
        if (AzuriteLocator.ScriptPath is not null)
        {
            await azurite.EnsureRunningAsync(Cancellation);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_write_during_a_short_outage_completes_once_storage_is_back()
    {
        var server = azurite.Server;
        var store = new ResilientBlobStore(new AzureBlobStore(server.ConnectionString), logger: _log);
        var before = await store.WriteAsync(_container, "cohorts/c1/status.json", Bytes("queued"), BlobCondition.IfNoneMatchAny, Cancellation);

        await server.StopAsync(Cancellation);
        var outage = Stopwatch.StartNew();
        var restart = Task.Run(
            async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(6), Cancellation);
                await server.StartAsync(Cancellation);
            },
            Cancellation);

        var after = await store.WriteAsync(_container, "cohorts/c1/status.json", Bytes("running"), BlobCondition.IfMatch(before), Cancellation);
        await restart;

        Assert.True(outage.Elapsed >= TimeSpan.FromSeconds(5), $"The write returned after {outage.Elapsed} although storage was down for 6 s.");
        var stored = await store.ReadAsync(_container, "cohorts/c1/status.json", Cancellation);
        Assert.Equal("running", Encoding.UTF8.GetString(stored!.Content.Span));
        Assert.Equal(after, stored.ETag);
        Assert.Contains(_log.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("cohorts/c1/status.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_403_is_attempted_exactly_once_and_names_the_blob()
    {
        var counter = new RequestCounter();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var store = new ResilientBlobStore(new AzureBlobStore(azurite.Server.ConnectionStringWithKey(wrongKey), counter.Options()), logger: _log);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.WriteAsync(_container, "cohorts/c1/status.json", Bytes("{}"), BlobCondition.None, Cancellation));

        Assert.Equal(1, counter.Count);
        Assert.Equal(403, error.Status);
        Assert.False(error.IsTransient);
        Assert.Contains("'cohorts/c1/status.json'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_missing_blob_is_asked_for_once_and_not_retried()
    {
        var counter = new RequestCounter();
        var store = new ResilientBlobStore(new AzureBlobStore(azurite.Server.ConnectionString, counter.Options()));
        await store.WriteAsync(_container, "present.json", Bytes("{}"), BlobCondition.None, Cancellation);
        counter.Reset();

        Assert.Null(await store.ReadAsync(_container, "missing.json", Cancellation));
        Assert.Equal(1, counter.Count);
        Assert.Null(await store.GetPropertiesAsync(_container, "missing.json", Cancellation));
        Assert.Equal(2, counter.Count);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.CopyAsync(_container, "missing.json", "copy.json", BlobCondition.None, Cancellation));
        Assert.Equal(3, counter.Count);
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => store.WriteAsync(_container, "present.json", Bytes("{}"), BlobCondition.IfNoneMatchAny, Cancellation));
        Assert.Equal(4, counter.Count);
    }

    [Fact]
    public async Task When_the_outage_outlasts_the_retries_the_error_names_the_blob_and_the_attempts()
    {
        var server = azurite.Server;
        var counter = new RequestCounter();
        var store = new ResilientBlobStore(new AzureBlobStore(server.ConnectionString, counter.Options()), Fast, _log);
        await server.StopAsync(Cancellation);
        try
        {
            var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.WriteAsync(_container, "cohorts/c1/status.json", Bytes("{}"), BlobCondition.None, Cancellation));

            Assert.True(error.IsTransient);
            Assert.Equal("cohorts/c1/status.json", error.BlobName);
            Assert.Contains("'cohorts/c1/status.json'", error.Message, StringComparison.Ordinal);
            Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
            Assert.IsType<BlobStoreException>(error.InnerException);
            Assert.Equal(4, counter.Count);
            Assert.Equal(3, _log.Entries.Count(entry => entry.Message.Contains("Retrying", StringComparison.Ordinal)));
        }
        finally
        {
            await server.StartAsync(Cancellation);
        }
    }

    [Fact]
    public async Task Logs_of_retries_and_failures_never_contain_the_account_key()
    {
        var unreachable = new AzureBlobStore(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{FreePort()}/{AzuriteServer.AccountName};");
        var wrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)42, 64).ToArray());
        var refused = new AzureBlobStore(azurite.Server.ConnectionStringWithKey(wrongKey));
        var options = new BlobStoreResilienceOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(20), MinimumThroughput = 2 };

        var errors = new List<Exception>
        {
            await Assert.ThrowsAsync<BlobStoreException>(() => new ResilientBlobStore(unreachable, options, _log).WriteAsync(_container, "a.json", Bytes("{}"), BlobCondition.None, Cancellation)),
            await Assert.ThrowsAsync<BlobStoreException>(() => new ResilientBlobStore(refused, options, _log).ReadAsync(_container, "a.json", Cancellation)),
        };

        Assert.NotEmpty(_log.Entries);
        var everything = string.Join('\n', _log.Entries.Select(entry => entry.ToString()).Concat(errors.Select(error => error.ToString())));
        foreach (var secret in new[] { AzuriteServer.AccountKey, wrongKey, "AccountKey", "SharedKey devstoreaccount1" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stream_opened_through_the_pipeline_is_not_cut_off_by_the_attempt_timeout()
    {
        var content = new byte[12 << 20];
        new Random(7).NextBytes(content);
        var inner = new AzureBlobStore(azurite.Server.ConnectionString);
        var etag = await inner.WriteAsync(_container, "slides/big.bin", content, BlobCondition.None, Cancellation);
        var store = new ResilientBlobStore(inner, new BlobStoreResilienceOptions { AttemptTimeout = TimeSpan.FromMilliseconds(500) });

        var download = await store.OpenReadAsync(_container, "slides/big.bin", Cancellation);
        Assert.NotNull(download);
        await using (download)
        {
            // Reading slowly, well past the attempt timeout that covered opening the blob.
            var copy = new MemoryStream();
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await download.Content.ReadAsync(buffer, Cancellation)) > 0)
            {
                copy.Write(buffer, 0, read);
                await Task.Delay(60, Cancellation);
            }

            Assert.Equal(etag, download.ETag);
            Assert.Equal(content, copy.ToArray());
        }
    }

    [Fact]
    public async Task A_conditional_write_whose_answer_was_lost_returns_the_etag_of_the_write_that_landed()
    {
        using var root = new TempDirectory();
        var faults = new FaultyStore(new FileBlobStore(root.Path)) { LoseAnswerOfFirstWrite = true };
        var store = new ResilientBlobStore(faults, Fast, _log);

        var created = await store.WriteAsync("state", "grain.json", Bytes("v1"), BlobCondition.IfNoneMatchAny, Cancellation);
        faults.LoseAnswerOfFirstWrite = true;
        var updated = await store.WriteAsync("state", "grain.json", Bytes("v2"), BlobCondition.IfMatch(created), Cancellation);

        Assert.Equal(4, faults.Calls["write"]);
        var stored = await faults.ReadAsync("state", "grain.json", Cancellation);
        Assert.Equal("v2", Encoding.UTF8.GetString(stored!.Content.Span));
        Assert.Equal(updated, stored.ETag);
        Assert.Equal(2, _log.Entries.Count(entry => entry.Message.Contains("earlier attempt", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_conditional_write_that_lost_a_race_during_its_retries_still_fails()
    {
        using var root = new TempDirectory();
        var inner = new FileBlobStore(root.Path);
        var etag = await inner.WriteAsync("state", "grain.json", Bytes("v1"), BlobCondition.None, Cancellation);
        var faults = new FaultyStore(inner)
        {
            // The first attempt never arrives; meanwhile another silo writes.
            BeforeWrite = async (attempt, ct) =>
            {
                if (attempt == 1)
                {
                    await inner.WriteAsync("state", "grain.json", Bytes("other silo"), BlobCondition.IfMatch(etag), ct);
                    throw Transient("grain.json");
                }
            },
        };
        var store = new ResilientBlobStore(faults, Fast, _log);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => store.WriteAsync("state", "grain.json", Bytes("ours"), BlobCondition.IfMatch(etag), Cancellation));

        Assert.Equal(2, faults.Calls["write"]);
        Assert.Equal("other silo", Encoding.UTF8.GetString((await inner.ReadAsync("state", "grain.json", Cancellation))!.Content.Span));
    }

    [Fact]
    public async Task A_hung_attempt_times_out_and_the_next_attempt_succeeds()
    {
        using var root = new TempDirectory();
        var faults = new FaultyStore(new FileBlobStore(root.Path))
        {
            BeforeWrite = (attempt, ct) => attempt == 1 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask,
        };
        var store = new ResilientBlobStore(faults, Fast, _log);

        var etag = await store.WriteAsync("state", "a.json", Bytes("x"), BlobCondition.None, Cancellation);

        Assert.Equal(2, faults.Calls["write"]);
        Assert.Equal(etag, (await store.GetPropertiesAsync("state", "a.json", Cancellation))!.ETag);
        Assert.Contains(_log.Entries, entry => entry.Message.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Permanent_failures_are_reported_at_once_and_transient_ones_retried()
    {
        using var root = new TempDirectory();
        var failures = new Queue<Exception>([
            new BlobStoreException("Simulated 403 on blob 'a.json'.", "state", "a.json", 403, "AuthorizationFailure", isTransient: false),
            Transient("a.json"),
            Transient("a.json"),
        ]);
        var faults = new FaultyStore(new FileBlobStore(root.Path))
        {
            BeforeWrite = (_, _) => failures.TryDequeue(out var failure) ? Task.FromException(failure) : Task.CompletedTask,
        };
        var store = new ResilientBlobStore(faults, Fast, _log);

        var forbidden = await Assert.ThrowsAsync<BlobStoreException>(() => store.WriteAsync("state", "a.json", Bytes("x"), BlobCondition.None, Cancellation));
        Assert.Equal(1, faults.Calls["write"]);
        await store.WriteAsync("state", "a.json", Bytes("x"), BlobCondition.None, Cancellation);
        Assert.Equal(4, faults.Calls["write"]);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("state", "../a.json", Bytes("x"), BlobCondition.None, Cancellation));
        Assert.Equal(5, faults.Calls["write"]);

        Assert.Equal(403, forbidden.Status);
        Assert.StartsWith("Simulated 403", forbidden.Message, StringComparison.Ordinal);
        Assert.Equal(2, _log.Entries.Count(entry => entry.Message.Contains("Retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Under_many_failures_the_circuit_opens_and_calls_wait_for_storage_instead_of_failing()
    {
        using var root = new TempDirectory();
        var healthy = DateTime.UtcNow.AddSeconds(1.5);
        var faults = new FaultyStore(new FileBlobStore(root.Path))
        {
            BeforeWrite = (_, _) => DateTime.UtcNow < healthy ? Task.FromException(Transient("a.json")) : Task.CompletedTask,
        };
        var options = new BlobStoreResilienceOptions
        {
            MaxAttempts = 20,
            BaseDelay = TimeSpan.FromMilliseconds(50),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = TimeSpan.FromMilliseconds(500),
        };
        var store = new ResilientBlobStore(faults, options, _log);

        var writes = Enumerable.Range(0, 4).Select(i => store.WriteAsync("state", $"a{i}.json", Bytes("x"), BlobCondition.None, Cancellation));
        await Task.WhenAll(writes);

        Assert.Contains(_log.Entries, entry => entry.Message.Contains("circuit opened", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, entry => entry.Message.Contains("circuit closed", StringComparison.Ordinal));
        Assert.Equal(4, (await ListAsync(store, "state")).Count);
    }

    [Fact]
    public async Task The_options_are_checked_when_the_store_is_built()
    {
        using var root = new TempDirectory();
        var inner = new FileBlobStore(root.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientBlobStore(inner, new BlobStoreResilienceOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResilientBlobStore(inner, new BlobStoreResilienceOptions { FailureRatio = 1.5 }));

        var once = new ResilientBlobStore(inner, new BlobStoreResilienceOptions { MaxAttempts = 1 });
        Assert.Equal("x", Encoding.UTF8.GetString((await ReadAfterWriteAsync(once)).Span));
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAfterWriteAsync(IBlobStore store)
    {
        await store.WriteAsync("state", "a.json", Bytes("x"), BlobCondition.None, Cancellation);
        return (await store.ReadAsync("state", "a.json", Cancellation))!.Content;
    }

    private static async Task<List<BlobItem>> ListAsync(IBlobStore store, string container)
    {
        var items = new List<BlobItem>();
        await foreach (var item in store.ListAsync(container, cancellationToken: Cancellation))
        {
            items.Add(item);
        }

        return items;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static BlobStoreException Transient(string blobName) =>
        new($"Simulated 503 on blob '{blobName}'.", "state", blobName, 503, "ServerBusy", isTransient: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Counts the HTTP requests the Azure SDK sends (each try of each call).</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public Azure.Storage.Blobs.BlobClientOptions Options()
        {
            var options = AzureBlobStore.CreateClientOptions();
            options.AddPolicy(this, HttpPipelinePosition.PerRetry);
            return options;
        }

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }

    /// <summary>A store that injects failures before (or loses the answer after) the writes of the store it wraps.</summary>
    private sealed class FaultyStore(IBlobStore inner) : IBlobStore
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        /// <summary>Runs before each write attempt (numbered from 1); may throw or hang.</summary>
        public Func<int, CancellationToken, Task>? BeforeWrite { get; init; }

        /// <summary>The next write happens, but its caller gets a transient failure instead of the ETag.</summary>
        public bool LoseAnswerOfFirstWrite { get; set; }

        public async Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default)
        {
            var attempt = Calls.AddOrUpdate("write", 1, (_, count) => count + 1);
            if (BeforeWrite is { } before)
            {
                await before(attempt, cancellationToken);
            }

            var etag = await inner.WriteAsync(container, name, content, condition, cancellationToken);
            if (LoseAnswerOfFirstWrite)
            {
                LoseAnswerOfFirstWrite = false;
                throw Transient(name);
            }

            return etag;
        }

        public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default) => inner.ReadAsync(container, name, cancellationToken);

        public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(container, name, ifMatchETag, cancellationToken);

        public IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default) => inner.ListAsync(container, prefix, cancellationToken);

        public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(container, name, cancellationToken);

        public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
            inner.UploadFileAsync(container, name, localPath, condition, cancellationToken);

        public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(container, name, cancellationToken);

        public Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default) =>
            inner.DownloadToFileAsync(container, name, localPath, ifMatchETag, cancellationToken);

        public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
            inner.CopyAsync(container, sourceName, targetName, condition, cancellationToken);
    }

    /// <summary>Keeps every log entry as text, with its exception, to search for secrets.</summary>
    private sealed class ListLogger : ILogger
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyList<Entry> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception?.ToString()));

        public sealed record Entry(LogLevel Level, string Message, string? Exception)
        {
            public override string ToString() => $"{Level}: {Message} {Exception}";
        }
    }
}
