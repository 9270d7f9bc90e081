using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Sources;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests.Sources;

public sealed class BlobSlideCacheTests : IDisposable
{
    private const string Container = "slides";

    private readonly TempDirectory _root = new("cohortgrid-slide-cache");
    private readonly CountingBlobStore _store;

    public BlobSlideCacheTests()
    {
        _store = new CountingBlobStore(new FileBlobStore(Path.Combine(_root.Path, "store")));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string CacheDirectory => Path.Combine(_root.Path, "cache");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_slide_is_downloaded_once_and_then_served_from_disk()
    {
        var content = await PutAsync("crc/s1.svs", 10_000, seed: 1);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);

        var first = await cache.GetAsync(Container, "crc/s1.svs", cancellationToken: Cancellation);
        var second = await cache.GetAsync(Container, "crc/s1.svs", first.ETag, Cancellation);

        Assert.Equal(first.LocalPath, second.LocalPath);
        Assert.Equal("s1.svs", Path.GetFileName(first.LocalPath));
        Assert.Equal(content, await File.ReadAllBytesAsync(first.LocalPath, Cancellation));
        Assert.Equal(1, _store.Downloads);
        Assert.Equal(1, cache.Downloads);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task With_a_known_version_a_cached_slide_costs_no_request_at_all()
    {
        await PutAsync("s1.svs", 1000, seed: 1);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);
        var first = await cache.GetAsync(Container, "s1.svs", cancellationToken: Cancellation);
        var requests = _store.PropertyRequests + _store.Downloads;

        await cache.GetAsync(Container, "s1.svs", first.ETag, Cancellation);

        Assert.Equal(requests, _store.PropertyRequests + _store.Downloads);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_slide_share_one_download()
    {
        await PutAsync("s1.svs", 50_000, seed: 2);
        var gate = new TaskCompletionSource();
        _store.DownloadGate = gate.Task;
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);

        var requests = Enumerable.Range(0, 8).Select(_ => cache.GetAsync(Container, "s1.svs", cancellationToken: Cancellation)).ToList();
        await Task.Delay(100, Cancellation);
        gate.SetResult();
        var paths = (await Task.WhenAll(requests)).Select(r => r.LocalPath).Distinct().ToList();

        Assert.Single(paths);
        Assert.Equal(1, _store.Downloads);
    }

    [Fact]
    public async Task A_replaced_slide_is_a_new_entry_with_the_new_content()
    {
        await PutAsync("s1.svs", 1000, seed: 1);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);
        var old = await cache.GetAsync(Container, "s1.svs", cancellationToken: Cancellation);

        var replaced = await PutAsync("s1.svs", 1200, seed: 9);
        var current = await cache.GetAsync(Container, "s1.svs", cancellationToken: Cancellation);

        Assert.NotEqual(old.ETag, current.ETag);
        Assert.NotEqual(old.LocalPath, current.LocalPath);
        Assert.Equal(replaced, await File.ReadAllBytesAsync(current.LocalPath, Cancellation));
        Assert.Equal(2, _store.Downloads);
    }

    [Fact]
    public async Task Asking_for_a_version_that_was_replaced_fails_instead_of_mixing_versions()
    {
        await PutAsync("s1.svs", 1000, seed: 1);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);
        var planned = await _store.GetPropertiesAsync(Container, "s1.svs", Cancellation);
        await PutAsync("s1.svs", 1000, seed: 3);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => cache.GetAsync(Container, "s1.svs", planned!.ETag, Cancellation));

        Assert.Empty(Directory.EnumerateFiles(CacheDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_least_recently_used_slides_are_evicted_to_stay_under_the_size()
    {
        foreach (var name in new[] { "a.svs", "b.svs", "c.svs" })
        {
            await PutAsync(name, 4000, seed: name[0]);
        }

        var cache = new BlobSlideCache(_store, CacheDirectory, 9000);
        var a = await cache.GetAsync(Container, "a.svs", cancellationToken: Cancellation);
        var b = await cache.GetAsync(Container, "b.svs", cancellationToken: Cancellation);
        await cache.GetAsync(Container, "a.svs", a.ETag, Cancellation); // a is now more recent than b
        var c = await cache.GetAsync(Container, "c.svs", cancellationToken: Cancellation);

        Assert.True(File.Exists(a.LocalPath));
        Assert.False(File.Exists(b.LocalPath));
        Assert.True(File.Exists(c.LocalPath));
        Assert.Equal(8000, cache.Bytes);

        await cache.GetAsync(Container, "b.svs", b.ETag, Cancellation);
        Assert.Equal(4, _store.Downloads); // b came back by downloading it again
    }

    [Fact]
    public async Task A_slide_larger_than_the_cache_is_still_served_alone()
    {
        await PutAsync("small.svs", 100, seed: 1);
        await PutAsync("huge.svs", 5000, seed: 2);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1000);
        var small = await cache.GetAsync(Container, "small.svs", cancellationToken: Cancellation);

        var huge = await cache.GetAsync(Container, "huge.svs", cancellationToken: Cancellation);

        Assert.True(File.Exists(huge.LocalPath));
        Assert.False(File.Exists(small.LocalPath));
    }

    [Fact]
    public async Task A_new_cache_on_the_same_folder_reuses_what_is_there_and_drops_partial_downloads()
    {
        await PutAsync("s1.svs", 3000, seed: 1);
        var first = await new BlobSlideCache(_store, CacheDirectory, 1 << 20).GetAsync(Container, "s1.svs", cancellationToken: Cancellation);
        var interrupted = Path.Combine(CacheDirectory, "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(interrupted);
        await File.WriteAllTextAsync(Path.Combine(interrupted, "s2.svs.partial"), "half", Cancellation);

        var restarted = new BlobSlideCache(_store, CacheDirectory, 1 << 20);
        var again = await restarted.GetAsync(Container, "s1.svs", first.ETag, Cancellation);

        Assert.Equal(first.LocalPath, again.LocalPath);
        Assert.Equal(1, _store.Downloads);
        Assert.Equal(3000, restarted.Bytes);
        Assert.False(Directory.Exists(interrupted));
    }

    [Fact]
    public async Task A_missing_blob_is_reported_by_name_and_leaves_nothing_behind()
    {
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => cache.GetAsync(Container, "nowhere/s9.svs", cancellationToken: Cancellation));

        Assert.Contains("nowhere/s9.svs", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(CacheDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_slide_deleted_from_the_cache_folder_behind_its_back_is_downloaded_again()
    {
        await PutAsync("s1.svs", 1000, seed: 1);
        var cache = new BlobSlideCache(_store, CacheDirectory, 1 << 20);
        var first = await cache.GetAsync(Container, "s1.svs", cancellationToken: Cancellation);
        File.Delete(first.LocalPath);

        var again = await cache.GetAsync(Container, "s1.svs", first.ETag, Cancellation);

        Assert.True(File.Exists(again.LocalPath));
        Assert.Equal(2, _store.Downloads);
    }

    private async Task<byte[]> PutAsync(string name, int size, int seed)
    {
        var content = new byte[size];
        new Random(seed).NextBytes(content);
        await _store.WriteAsync(Container, name, content, BlobCondition.None, Cancellation);
        return content;
    }
}
