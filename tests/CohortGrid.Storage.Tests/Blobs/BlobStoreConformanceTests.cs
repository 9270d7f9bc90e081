using System.Security.Cryptography;
using System.Text;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, written once: each implementation derives a class that supplies an
/// empty store (the file store here, Azure against Azurite later).
/// </summary>
public abstract class BlobStoreConformanceTests
{
    /// <summary>An empty store, fresh for each test.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>The container the tests work in; a store shared between tests gives each test its own.</summary>
    protected virtual string Container => "conformance";

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_a_missing_blob_or_container_returns_null()
    {
        Assert.Null(await Store.ReadAsync(Container, "missing.json", Cancellation));
        Assert.Null(await Store.ReadAsync("no-such-container", "missing.json", Cancellation));
        Assert.Null(await Store.OpenReadAsync(Container, "missing.json", Cancellation));
    }

    [Fact]
    public async Task Written_content_reads_back_with_the_returned_etag()
    {
        var content = Bytes("hello, slides");

        var etag = await Store.WriteAsync(Container, "cohorts/c1/status.json", content, BlobCondition.None, Cancellation);

        var read = await Store.ReadAsync(Container, "cohorts/c1/status.json", Cancellation);
        Assert.NotNull(read);
        Assert.Equal(content, read.Content.ToArray());
        Assert.Equal(etag, read.ETag);
        Assert.False(string.IsNullOrEmpty(etag));
    }

    [Fact]
    public async Task Empty_content_is_a_blob_like_any_other()
    {
        var etag = await Store.WriteAsync(Container, "empty", ReadOnlyMemory<byte>.Empty, BlobCondition.IfNoneMatchAny, Cancellation);

        var read = await Store.ReadAsync(Container, "empty", Cancellation);
        Assert.NotNull(read);
        Assert.Equal(0, read.Content.Length);
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task Create_only_write_fails_when_the_blob_exists()
    {
        var etag = await Store.WriteAsync(Container, "a.json", Bytes("first"), BlobCondition.IfNoneMatchAny, Cancellation);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.WriteAsync(Container, "a.json", Bytes("second"), BlobCondition.IfNoneMatchAny, Cancellation));

        Assert.Equal(Container, failure.Container);
        Assert.Equal("a.json", failure.BlobName);
        Assert.Equal(BlobCondition.IfNoneMatchAny, failure.Condition);
        Assert.Contains("a.json", failure.Message, StringComparison.Ordinal);
        Assert.Equal("first", await ReadTextAsync("a.json"));
        Assert.Equal(etag, (await Store.ReadAsync(Container, "a.json", Cancellation))!.ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_fails_and_keeps_the_current_content()
    {
        var stale = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.IfNoneMatchAny, Cancellation);
        var current = await Store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(stale), Cancellation);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.WriteAsync(Container, "a.json", Bytes("v3"), BlobCondition.IfMatch(stale), Cancellation));

        Assert.Equal(BlobCondition.IfMatch(stale), failure.Condition);
        Assert.Equal("v2", await ReadTextAsync("a.json"));
        Assert.Equal(current, (await Store.ReadAsync(Container, "a.json", Cancellation))!.ETag);
    }

    [Fact]
    public async Task Write_with_the_current_etag_succeeds_and_changes_the_etag()
    {
        var first = await Store.WriteAsync(Container, "a.json", Bytes("same length 1"), BlobCondition.IfNoneMatchAny, Cancellation);

        var second = await Store.WriteAsync(Container, "a.json", Bytes("same length 2"), BlobCondition.IfMatch(first), Cancellation);

        Assert.NotEqual(first, second);
        Assert.Equal("same length 2", await ReadTextAsync("a.json"));
        Assert.Equal(second, (await Store.ReadAsync(Container, "a.json", Cancellation))!.ETag);
    }

    [Fact]
    public async Task Unconditional_write_overwrites_and_changes_the_etag()
    {
        var first = await Store.WriteAsync(Container, "a.json", Bytes("one"), BlobCondition.None, Cancellation);

        var second = await Store.WriteAsync(Container, "a.json", Bytes("one"), BlobCondition.None, Cancellation);

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await Store.ReadAsync(Container, "a.json", Cancellation))!.ETag);
    }

    [Fact]
    public async Task If_match_write_to_a_missing_blob_fails_and_creates_nothing()
    {
        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.WriteAsync(Container, "never-written.json", Bytes("x"), BlobCondition.IfMatch("some-etag"), Cancellation));

        Assert.Null(await Store.ReadAsync(Container, "never-written.json", Cancellation));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_fails_and_keeps_the_blob()
    {
        var stale = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);
        await Store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(stale), Cancellation);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DeleteAsync(Container, "a.json", stale, Cancellation));

        Assert.Equal(BlobCondition.IfMatch(stale), failure.Condition);
        Assert.Equal("v2", await ReadTextAsync("a.json"));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_removes_the_blob()
    {
        var etag = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);

        Assert.True(await Store.DeleteAsync(Container, "a.json", etag, Cancellation));

        Assert.Null(await Store.ReadAsync(Container, "a.json", Cancellation));
    }

    [Fact]
    public async Task Deleting_a_missing_blob_returns_false_unless_an_etag_is_required()
    {
        Assert.False(await Store.DeleteAsync(Container, "missing.json", cancellationToken: Cancellation));

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DeleteAsync(Container, "missing.json", "some-etag", Cancellation));
    }

    [Fact]
    public async Task A_deleted_blob_can_be_created_again_and_the_old_etag_no_longer_matches()
    {
        var old = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.IfNoneMatchAny, Cancellation);
        await Store.DeleteAsync(Container, "a.json", old, Cancellation);

        var recreated = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.IfNoneMatchAny, Cancellation);

        Assert.NotEqual(old, recreated);
        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            Store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(old), Cancellation));
        Assert.Equal("v1", await ReadTextAsync("a.json"));
    }

    [Fact]
    public async Task Listing_returns_the_blobs_under_a_prefix_in_name_order()
    {
        var etags = new Dictionary<string, string>();
        foreach (var name in new[] { "cohorts/c2/status.json", "cohorts/c1/slides/s1/features.h5", "cohorts/c1/manifest.json", "cohorts/c10/manifest.json", "other/readme.txt" })
        {
            etags[name] = await Store.WriteAsync(Container, name, Bytes(name), BlobCondition.None, Cancellation);
        }

        var c1 = await ListAsync("cohorts/c1/");
        var startingWithC1 = await ListAsync("cohorts/c1");
        var all = await ListAsync(null);

        Assert.Equal(["cohorts/c1/manifest.json", "cohorts/c1/slides/s1/features.h5"], c1.Select(item => item.Name));
        Assert.Equal(["cohorts/c1/manifest.json", "cohorts/c1/slides/s1/features.h5", "cohorts/c10/manifest.json"], startingWithC1.Select(item => item.Name));
        Assert.Equal(etags.Keys.Order(StringComparer.Ordinal), all.Select(item => item.Name));
        Assert.All(all, item =>
        {
            Assert.Equal(etags[item.Name], item.ETag);
            Assert.Equal(Encoding.UTF8.GetByteCount(item.Name), item.Size);
            Assert.InRange(item.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        });
    }

    [Fact]
    public async Task Listing_a_missing_container_or_prefix_is_empty()
    {
        Assert.Empty(await ListAsync(null, "no-such-container"));
        Assert.Empty(await ListAsync("nothing/here/"));
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("a/../../escape.json")]
    [InlineData("a/..")]
    [InlineData("./a.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\escape.json")]
    [InlineData("a//b.json")]
    [InlineData("a/")]
    [InlineData("tab\tname")]
    public async Task Blob_names_that_could_escape_the_container_are_rejected(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Container, name, Bytes("x"), BlobCondition.None, Cancellation));

        Assert.Contains("invalid", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(Container, name, Cancellation));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(Container, name, cancellationToken: Cancellation));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../other")]
    [InlineData(".locks")]
    [InlineData("Upper")]
    [InlineData("a/b")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    public async Task Container_names_outside_the_azure_rules_are_rejected(string container)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(container, "a.json", Bytes("x"), BlobCondition.None, Cancellation));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ListAsync(null, container));
    }

    [Fact]
    public async Task Of_sixteen_concurrent_writers_with_the_same_etag_exactly_one_succeeds()
    {
        const int Writers = 16;
        var etag = await Store.WriteAsync(Container, "contended.json", Bytes("initial"), BlobCondition.IfNoneMatchAny, Cancellation);

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, Writers).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Cancellation);
                try
                {
                    return (Writer: i, ETag: await Store.WriteAsync(Container, "contended.json", Bytes($"writer {i:00}"), BlobCondition.IfMatch(etag), Cancellation));
                }
                catch (BlobConditionFailedException)
                {
                    return (Writer: i, ETag: (string?)null);
                }
            },
            Cancellation)).ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, result => result.ETag is not null);
        var stored = await Store.ReadAsync(Container, "contended.json", Cancellation);
        Assert.Equal($"writer {winner.Writer:00}", Encoding.UTF8.GetString(stored!.Content.Span));
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Of_sixteen_concurrent_creators_exactly_one_succeeds()
    {
        const int Writers = 16;
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, Writers).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Cancellation);
                try
                {
                    await Store.WriteAsync(Container, "created-once.json", Bytes($"writer {i:00}"), BlobCondition.IfNoneMatchAny, Cancellation);
                    return true;
                }
                catch (BlobConditionFailedException)
                {
                    return false;
                }
            },
            Cancellation)).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), created => created);
    }

    [Fact]
    public async Task A_large_file_uploads_and_streams_back_unchanged()
    {
        const int Size = (48 << 20) + 12345;
        using var temp = new TempDirectory();
        var local = temp.File("features.h5");
        var content = new byte[Size];
        new Random(42).NextBytes(content);
        await File.WriteAllBytesAsync(local, content, Cancellation);

        var etag = await Store.UploadFileAsync(Container, "cohorts/c1/slides/s1/features.h5", local, BlobCondition.IfNoneMatchAny, Cancellation);

        var download = await Store.OpenReadAsync(Container, "cohorts/c1/slides/s1/features.h5", Cancellation);
        Assert.NotNull(download);
        await using (download)
        {
            Assert.Equal(etag, download.ETag);
            Assert.Equal(Size, download.Length);
            Assert.Equal(SHA256.HashData(content), await SHA256.HashDataAsync(download.Content, Cancellation));
        }

        var listed = Assert.Single(await ListAsync("cohorts/c1/slides/"));
        Assert.Equal(Size, listed.Size);
        Assert.Equal(etag, listed.ETag);
    }

    [Fact]
    public async Task Upload_honours_its_condition()
    {
        using var temp = new TempDirectory();
        var local = temp.File("summary.json");
        await File.WriteAllTextAsync(local, "{}", Cancellation);
        var etag = await Store.UploadFileAsync(Container, "summary.json", local, BlobCondition.IfNoneMatchAny, Cancellation);

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.UploadFileAsync(Container, "summary.json", local, BlobCondition.IfNoneMatchAny, Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.UploadFileAsync(Container, "summary.json", local, BlobCondition.IfMatch("stale"), Cancellation));
        Assert.NotEqual(etag, await Store.UploadFileAsync(Container, "summary.json", local, BlobCondition.IfMatch(etag), Cancellation));
    }

    [Fact]
    public async Task Properties_of_a_missing_blob_are_null_and_of_a_written_one_match_the_write()
    {
        Assert.Null(await Store.GetPropertiesAsync(Container, "missing.json", Cancellation));
        Assert.Null(await Store.GetPropertiesAsync("no-such-container", "missing.json", Cancellation));

        var etag = await Store.WriteAsync(Container, "cohorts/c1/status.json", Bytes("twelve bytes"), BlobCondition.None, Cancellation);

        var properties = await Store.GetPropertiesAsync(Container, "cohorts/c1/status.json", Cancellation);
        Assert.NotNull(properties);
        Assert.Equal("cohorts/c1/status.json", properties.Name);
        Assert.Equal(12, properties.Size);
        Assert.Equal(etag, properties.ETag);
        Assert.InRange(properties.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(properties, Assert.Single(await ListAsync("cohorts/")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1234)]
    [InlineData((9 << 20) + 17)]
    public async Task Downloading_to_a_file_round_trips_the_bytes_and_returns_the_etag(int size)
    {
        using var temp = new TempDirectory();
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var etag = await Store.WriteAsync(Container, "slides/s1.svs", content, BlobCondition.IfNoneMatchAny, Cancellation);
        var local = temp.File("s1.svs");
        await File.WriteAllTextAsync(local, "an older, longer local copy that must be replaced entirely", Cancellation);

        var downloaded = await Store.DownloadToFileAsync(Container, "slides/s1.svs", local, cancellationToken: Cancellation);

        Assert.NotNull(downloaded);
        Assert.Equal(etag, downloaded.ETag);
        Assert.Equal(size, downloaded.Size);
        Assert.Equal("slides/s1.svs", downloaded.Name);
        Assert.Equal(content, await File.ReadAllBytesAsync(local, Cancellation));
        Assert.Equal(etag, (await Store.DownloadToFileAsync(Container, "slides/s1.svs", local, etag, Cancellation))!.ETag);
        Assert.Equal([local], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Downloading_a_missing_blob_returns_null_and_creates_no_file()
    {
        using var temp = new TempDirectory();
        var local = temp.File("missing.svs");

        Assert.Null(await Store.DownloadToFileAsync(Container, "missing.svs", local, cancellationToken: Cancellation));
        Assert.Null(await Store.DownloadToFileAsync("no-such-container", "missing.svs", local, cancellationToken: Cancellation));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Downloading_with_a_stale_etag_fails_and_leaves_the_local_file_alone()
    {
        using var temp = new TempDirectory();
        var stale = await Store.WriteAsync(Container, "slides/s1.svs", Bytes("v1"), BlobCondition.None, Cancellation);
        await Store.WriteAsync(Container, "slides/s1.svs", Bytes("v2"), BlobCondition.IfMatch(stale), Cancellation);
        var local = temp.File("s1.svs");
        await File.WriteAllTextAsync(local, "local", Cancellation);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DownloadToFileAsync(Container, "slides/s1.svs", local, stale, Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.DownloadToFileAsync(Container, "slides/missing.svs", temp.File("other.svs"), stale, Cancellation));

        Assert.Equal(BlobCondition.IfMatch(stale), failure.Condition);
        Assert.Equal("slides/s1.svs", failure.BlobName);
        Assert.Equal("local", await File.ReadAllTextAsync(local, Cancellation));
        Assert.Equal([local], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task A_copy_has_the_source_content_and_a_new_etag()
    {
        var source = await Store.WriteAsync(Container, "cohorts/c1/features.npy", Bytes("features"), BlobCondition.None, Cancellation);

        var copy = await Store.CopyAsync(Container, "cohorts/c1/features.npy", "cache/features.npy", BlobCondition.None, Cancellation);

        Assert.NotEqual(source, copy);
        Assert.Equal("features", await ReadTextAsync("cache/features.npy"));
        Assert.Equal(copy, (await Store.ReadAsync(Container, "cache/features.npy", Cancellation))!.ETag);
        Assert.Equal(source, (await Store.ReadAsync(Container, "cohorts/c1/features.npy", Cancellation))!.ETag);

        var overwrite = await Store.CopyAsync(Container, "cohorts/c1/features.npy", "cache/features.npy", BlobCondition.IfMatch(copy), Cancellation);
        Assert.NotEqual(copy, overwrite);
        Assert.Equal(overwrite, (await Store.GetPropertiesAsync(Container, "cache/features.npy", Cancellation))!.ETag);
    }

    [Fact]
    public async Task Copying_a_missing_source_throws_blob_not_found()
    {
        await Store.WriteAsync(Container, "other.json", Bytes("{}"), BlobCondition.None, Cancellation);

        var missing = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.CopyAsync(Container, "missing.json", "copy.json", BlobCondition.None, Cancellation));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.CopyAsync("no-such-container", "missing.json", "copy.json", BlobCondition.None, Cancellation));

        Assert.Equal("missing.json", missing.BlobName);
        Assert.Contains("missing.json", missing.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetPropertiesAsync(Container, "copy.json", Cancellation));
    }

    [Fact]
    public async Task A_copy_honours_its_condition_on_the_target()
    {
        await Store.WriteAsync(Container, "source.json", Bytes("source"), BlobCondition.None, Cancellation);
        var target = await Store.WriteAsync(Container, "target.json", Bytes("target"), BlobCondition.None, Cancellation);

        var exists = await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.CopyAsync(Container, "source.json", "target.json", BlobCondition.IfNoneMatchAny, Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.CopyAsync(Container, "source.json", "target.json", BlobCondition.IfMatch("stale"), Cancellation));
        await Assert.ThrowsAsync<BlobConditionFailedException>(() => Store.CopyAsync(Container, "source.json", "missing.json", BlobCondition.IfMatch(target), Cancellation));

        Assert.Equal("target.json", exists.BlobName);
        Assert.Equal("target", await ReadTextAsync("target.json"));
        Assert.Equal(target, (await Store.GetPropertiesAsync(Container, "target.json", Cancellation))!.ETag);
        Assert.Null(await Store.GetPropertiesAsync(Container, "missing.json", Cancellation));
        await Store.CopyAsync(Container, "source.json", "created.json", BlobCondition.IfNoneMatchAny, Cancellation);
        Assert.Equal("source", await ReadTextAsync("created.json"));
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected async Task<string?> ReadTextAsync(string name) =>
        await Store.ReadAsync(Container, name, Cancellation) is { } blob ? Encoding.UTF8.GetString(blob.Content.Span) : null;

    protected async Task<List<BlobItem>> ListAsync(string? prefix, string? container = null)
    {
        var items = new List<BlobItem>();
        await foreach (var item in Store.ListAsync(container ?? Container, prefix, Cancellation))
        {
            items.Add(item);
        }

        return items;
    }
}
