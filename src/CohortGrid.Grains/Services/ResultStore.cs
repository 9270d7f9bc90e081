using System.Text.Json;
using System.Text.Json.Serialization;
using CohortGrid.Storage.Blobs;

namespace CohortGrid.Grains.Services;

/// <summary>
/// The results container (see docs/formats.md, "Result layout"):
/// <c>cohorts/{cohortId}/manifest.json, status.json, summary.json, slide_vectors.parquet,
/// slides/{slideId}/features.h5, summary.json, thumbnail.png, mask.png</c>, plus
/// <c>cache/features/{quickhash}/{encoder}@{version}/{grid}/</c> so a slide processed before with the same encoder
/// and grid is copied rather than processed again. Each blob is committed whole by the store (staged and renamed
/// on the local store, one upload on Azure), so a reader never sees half a file.
/// </summary>
public sealed class ResultStore
{
    /// <summary>Service key under which a silo may register another <see cref="IBlobStore"/> for results only.</summary>
    public const string StoreKey = "results";

    // States as names ("Completed"), not numbers, so the files read without the code.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(), new FiniteOrNullConverter() },
    };

    private readonly IBlobStore _store;
    private readonly string _scratch;

    public ResultStore(IBlobStore store, string container, string scratchDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(scratchDirectory);
        _store = store;
        Container = container;
        _scratch = Path.GetFullPath(scratchDirectory);
    }

    public string Container { get; }

    public static string CohortPrefix(string cohortId) => $"cohorts/{Safe(cohortId)}/";

    public static string SlidePrefix(string cohortId, string slideId) => $"{CohortPrefix(cohortId)}slides/{Safe(slideId)}/";

    public static string CachePrefix(string quickHash, string encoderId, string encoderVersion, string gridKey) =>
        $"cache/features/{Safe(quickHash)}/{Safe($"{encoderId}@{encoderVersion}")}/{Safe(gridKey)}/";

    /// <summary>A local scratch file for in-progress work (features being spooled, a file before upload).</summary>
    public string TempFile(string prefix)
    {
        Directory.CreateDirectory(_scratch);
        return Path.Combine(_scratch, $"{Safe(prefix)}-{Guid.NewGuid():N}.tmp");
    }

    public Task WriteJsonAsync<T>(string name, T value, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(Container, name, JsonSerializer.SerializeToUtf8Bytes(value, Json), BlobCondition.None, cancellationToken);

    public async Task<T?> ReadJsonAsync<T>(string name, CancellationToken cancellationToken = default)
    {
        var blob = await _store.ReadAsync(Container, name, cancellationToken).ConfigureAwait(false);
        return blob is null ? default : JsonSerializer.Deserialize<T>(blob.Content.Span, Json);
    }

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(Container, name, content, BlobCondition.None, cancellationToken);

    public Task UploadFileAsync(string name, string localPath, CancellationToken cancellationToken = default) =>
        _store.UploadFileAsync(Container, name, localPath, BlobCondition.None, cancellationToken);

    public Task CopyAsync(string sourceName, string targetName, CancellationToken cancellationToken = default) =>
        _store.CopyAsync(Container, sourceName, targetName, BlobCondition.None, cancellationToken);

    public Task<BlobContent?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(Container, name, cancellationToken);

    /// <summary>Downloads a result to a local file (e.g. a features file to read tiles from).</summary>
    /// <exception cref="BlobNotFoundException">There is no such result.</exception>
    public async Task DownloadAsync(string name, string localPath, CancellationToken cancellationToken = default)
    {
        if (await _store.DownloadToFileAsync(Container, name, localPath, null, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new BlobNotFoundException(Container, name);
        }
    }

    /// <summary>Results under <paramref name="prefix"/> (e.g. a cohort's), names relative to the container.</summary>
    public IAsyncEnumerable<BlobItem> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _store.ListAsync(Container, prefix, cancellationToken);

    /// <summary>Opens a result for streaming; null when there is none.</summary>
    public Task<BlobDownload?> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        _store.OpenReadAsync(Container, name, cancellationToken);

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await _store.GetPropertiesAsync(Container, name, cancellationToken).ConfigureAwait(false) is not null;

    // Ids become blob name segments: keep them readable but unable to form '.', '..' or a '/'.
    private static string Safe(string id)
    {
        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
