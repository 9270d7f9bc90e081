using System.Text;
using CohortGrid.Grains.Persistence;
using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>The grain-storage conformance suite on <see cref="BlobGrainStorage"/> over a <see cref="FileBlobStore"/>, plus its blob layout.</summary>
public sealed class BlobGrainStorageTests : GrainStorageConformanceTests, IDisposable
{
    private const string ServiceId = "conformance-service";

    private readonly TempFolder _root = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly FileBlobStore _store;
    private readonly BlobGrainStorage _storage;

    public BlobGrainStorageTests()
    {
        _store = new FileBlobStore(_root.Path);
        _storage = CreateStorage(_store);
    }

    protected override IGrainStorage Storage => _storage;

    /// <summary>A separate file store on the same folder: another process, as far as the store can tell.</summary>
    protected override IGrainStorage CreateOtherSiloStorage() => CreateStorage(new FileBlobStore(_root.Path));

    public void Dispose()
    {
        _services.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Each_grain_state_is_one_json_blob_named_by_service_grain_type_key_and_state()
    {
        await _storage.WriteStateAsync(StateName, Grain, NewState(5, "five"), Cancellation);

        var blob = Assert.Single(await ListAsync());
        Assert.Equal($"{ServiceId}/cohort/c-001/state.json", blob.Name);
        var json = Encoding.UTF8.GetString((await _store.ReadAsync(BlobGrainStorageOptions.DefaultContainer, blob.Name, Cancellation))!.Content.Span);
        Assert.Contains("five", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("slides/TCGA 01/ß")]
    [InlineData(".hidden")]
    [InlineData("%41")]
    public async Task Keys_with_unsafe_characters_stay_in_one_folder_of_the_container(string key)
    {
        var grain = GrainId.Create("cohort", key);

        await _storage.WriteStateAsync(StateName, grain, NewState(1, key), Cancellation);

        var blob = Assert.Single(await ListAsync());
        var segments = blob.Name.Split('/');
        Assert.Equal(4, segments.Length);
        Assert.DoesNotContain(segments, segment => segment is "" or "." or ".." || segment.StartsWith('.'));
        Assert.Equal(key, (await ReadAsync(grain)).State!.Note);
        Assert.Equal([BlobGrainStorageOptions.DefaultContainer], Directory.GetDirectories(_root.Path).Select(Path.GetFileName).Where(name => !name!.StartsWith('.')));
    }

    [Fact]
    public void Parts_that_differ_only_in_escaped_characters_get_different_segments()
    {
        string[] parts = ["a/b", "a%2Fb", "a%252Fb", "a b", "a_b", "a.b", "ab", "ß", "%C3%9F", "%u00DF", "", "%", "~", new string('x', 500), new string('x', 501), new string('ß', 300)];

        var segments = parts.Select(GrainStateBlobName.Escape).ToList();

        Assert.Equal(parts.Length, segments.Distinct(StringComparer.Ordinal).Count());
        Assert.All(segments, segment =>
        {
            Assert.InRange(segment.Length, 1, GrainStateBlobName.MaxSegmentLength);
            Assert.DoesNotContain('/', segment);
            Assert.False(segment.StartsWith('.'));
        });
    }

    [Fact]
    public async Task A_conflict_names_the_stored_and_the_expected_etags()
    {
        var winner = NewState(1, "winner");
        await _storage.WriteStateAsync(StateName, Grain, winner, Cancellation);
        var loser = await ReadAsync(Grain);
        var expected = loser.ETag;
        await _storage.WriteStateAsync(StateName, Grain, winner, Cancellation);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain, loser, Cancellation));

        Assert.Equal(winner.ETag, conflict.StoredEtag);
        Assert.Equal(expected, conflict.CurrentEtag);
        Assert.IsType<BlobConditionFailedException>(conflict.InnerException);
        Assert.Contains("state.json", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clearing_without_an_etag_fails_when_another_activation_created_the_record()
    {
        var unaware = await ReadAsync(Grain);
        var other = NewState(9, "created elsewhere");
        await _storage.WriteStateAsync(StateName, Grain, other, Cancellation);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, Grain, unaware, Cancellation));

        Assert.Equal(other.ETag, conflict.StoredEtag);
        Assert.True((await ReadAsync(Grain)).RecordExists);
    }

    [Fact]
    public async Task The_service_id_separates_clusters_sharing_one_store()
    {
        var otherService = CreateStorage(_store, "other-service");
        await _storage.WriteStateAsync(StateName, Grain, NewState(1, "ours"), Cancellation);

        var theirs = new GrainState<CounterState>(new CounterState());
        await otherService.ReadStateAsync(StateName, Grain, theirs, Cancellation);

        Assert.False(theirs.RecordExists);
    }

    private BlobGrainStorage CreateStorage(IBlobStore store, string serviceId = ServiceId)
    {
        var options = new BlobGrainStorageOptions
        {
            GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
        };
        return new BlobGrainStorage(
            "test",
            options,
            store,
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test-cluster" }),
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<BlobGrainStorage>.Instance);
    }

    private async Task<List<BlobItem>> ListAsync()
    {
        var items = new List<BlobItem>();
        await foreach (var item in _store.ListAsync(BlobGrainStorageOptions.DefaultContainer, cancellationToken: Cancellation))
        {
            items.Add(item);
        }

        return items;
    }
}
