using System.Text;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests.Blobs;

/// <summary>The conformance suite against a folder, plus what only the file store promises.</summary>
public sealed class FileBlobStoreTests : BlobStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _root = new("cohortgrid-blobs");
    private readonly FileBlobStore _store;

    public FileBlobStoreTests()
    {
        _store = new FileBlobStore(_root.Path);
    }

    protected override IBlobStore Store => _store;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_blob_is_a_plain_file_at_its_container_and_name()
    {
        await _store.WriteAsync(Container, "cohorts/c1/summary.json", Bytes("{}"), BlobCondition.None, Cancellation);

        var path = Path.Combine(_root.Path, Container, "cohorts", "c1", "summary.json");
        Assert.Equal(path, _store.GetPath(Container, "cohorts/c1/summary.json"));
        Assert.Equal("{}", await File.ReadAllTextAsync(path, Cancellation));
    }

    [Fact]
    public async Task Etags_survive_a_new_store_on_the_same_folder()
    {
        var etag = await _store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);

        // A restarted process: nothing but the folder carries over.
        var restarted = new FileBlobStore(_root.Path);

        Assert.Equal(etag, (await restarted.ReadAsync(Container, "a.json", Cancellation))!.ETag);
        await restarted.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(etag), Cancellation);
    }

    [Fact]
    public async Task Rapid_rewrites_of_equal_length_all_get_distinct_etags()
    {
        var etags = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var condition = etags.Count == 0 ? BlobCondition.IfNoneMatchAny : BlobCondition.IfMatch(etags[^1]);
            etags.Add(await _store.WriteAsync(Container, "a.json", Bytes($"{i:000}"), condition, Cancellation));
        }

        Assert.Equal(etags.Count, etags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Editing_the_file_behind_the_stores_back_changes_its_etag()
    {
        var etag = await _store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);

        await File.WriteAllTextAsync(_store.GetPath(Container, "a.json"), "edited by hand", Cancellation);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(etag), Cancellation));
    }

    [Fact]
    public async Task Writes_that_succeed_or_fail_leave_only_the_blob_behind()
    {
        var etag = await _store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.IfNoneMatchAny, Cancellation);
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfNoneMatchAny, Cancellation));
        await _store.WriteAsync(Container, "a.json", Bytes("v3"), BlobCondition.IfMatch(etag), Cancellation);

        Assert.Equal([_store.GetPath(Container, "a.json")], Directory.GetFiles(Path.Combine(_root.Path, Container), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root.Path, ".staging")));
    }

    [Fact]
    public async Task An_open_stream_keeps_reading_its_version_while_the_blob_is_replaced()
    {
        await _store.WriteAsync(Container, "a.bin", Bytes("old version"), BlobCondition.None, Cancellation);
        var download = await _store.OpenReadAsync(Container, "a.bin", Cancellation);
        Assert.NotNull(download);
        await using (download)
        {
            await _store.WriteAsync(Container, "a.bin", Bytes("new version, longer"), BlobCondition.None, Cancellation);
            using var reader = new StreamReader(download.Content, Encoding.UTF8);

            Assert.Equal("old version", await reader.ReadToEndAsync(Cancellation));
        }

        Assert.Equal("new version, longer", await ReadTextAsync("a.bin"));
    }

    [Fact]
    public async Task A_folder_of_blobs_is_not_itself_a_blob()
    {
        await _store.WriteAsync(Container, "cohorts/c1/status.json", Bytes("{}"), BlobCondition.None, Cancellation);

        Assert.Null(await _store.ReadAsync(Container, "cohorts/c1", Cancellation));
        Assert.Null(await _store.OpenReadAsync(Container, "cohorts", Cancellation));
    }

    [Fact]
    public async Task Stores_sharing_a_folder_let_exactly_one_of_many_same_etag_writers_win()
    {
        // Separate instances share no in-process lock, only the lock files, as two processes would.
        var stores = Enumerable.Range(0, 4).Select(_ => new FileBlobStore(_root.Path)).ToArray();
        var etag = await stores[0].WriteAsync(Container, "shared.json", Bytes("initial"), BlobCondition.IfNoneMatchAny, Cancellation);

        // Holding the lock files until every writer has staged its content makes them all reach the
        // check-and-rename at once, instead of one by one as their staging happens to finish.
        var held = HoldAllLockFiles();
        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(
            async () =>
            {
                try
                {
                    await stores[i % stores.Length].WriteAsync(Container, "shared.json", Bytes($"writer {i}"), BlobCondition.IfMatch(etag), Cancellation);
                    return true;
                }
                catch (BlobConditionFailedException)
                {
                    return false;
                }
            },
            Cancellation)).ToArray();
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancellation);
        Release(held);

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }

    [Fact]
    public async Task A_write_waits_for_a_lock_file_held_by_another_process_and_gives_up_after_the_timeout()
    {
        var store = new FileBlobStore(_root.Path, lockTimeout: TimeSpan.FromMilliseconds(300));
        await store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);

        var held = HoldAllLockFiles();
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.None, Cancellation));
            await Assert.ThrowsAsync<TimeoutException>(() => store.DeleteAsync(Container, "a.json", cancellationToken: Cancellation));
        }
        finally
        {
            Release(held);
        }

        Assert.Equal("v1", await ReadTextAsync("a.json"));
        await store.WriteAsync(Container, "a.json", Bytes("v3"), BlobCondition.None, Cancellation);
    }

    /// <summary>Opens every stripe's lock file exclusively, the way another process's store does while it commits.</summary>
    private FileStream[] HoldAllLockFiles()
    {
        var folder = Path.Combine(_root.Path, ".locks");
        Directory.CreateDirectory(folder);
        return Enumerable.Range(0, 256)
            .Select(stripe => new FileStream(Path.Combine(folder, $"{stripe:x2}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            .ToArray();
    }

    private static void Release(FileStream[] held)
    {
        foreach (var file in held)
        {
            file.Dispose();
        }
    }
}
