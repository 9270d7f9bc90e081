using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CohortGrid.Grains.Persistence;

/// <summary>
/// Orleans grain storage on an <see cref="IBlobStore"/>: one blob per grain state
/// (<c>{container}/{serviceId}/{grainType}/{grainKey}/{stateName}.json</c>, see <see cref="GrainStateBlobName"/>),
/// with the blob's ETag as the state's ETag for optimistic concurrency.
/// </summary>
/// <remarks>
/// A state without an ETag is created with If-None-Match: *, one with an ETag is replaced or deleted with If-Match;
/// when the blob is not in that state (another activation or process got there first) the operation fails with
/// <see cref="InconsistentStateException"/> and the grain's in-memory state is left as it was.
/// </remarks>
public sealed partial class BlobGrainStorage : IGrainStorage
{
    private readonly string _name;
    private readonly BlobGrainStorageOptions _options;
    private readonly IBlobStore _store;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly string _serviceId;
    private readonly ILogger _logger;

    public BlobGrainStorage(
        string name,
        BlobGrainStorageOptions options,
        IBlobStore store,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activators,
        ILogger<BlobGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _store = store;
        _serializer = options.GrainStorageSerializer
            ?? throw new ArgumentException($"Grain storage '{name}' has no {nameof(options.GrainStorageSerializer)}.", nameof(options));
        _activators = activators;
        _serviceId = clusterOptions.Value.ServiceId;
        _logger = logger;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = BlobName(stateName, grainId);
        var blob = await _store.ReadAsync(_options.Container, blobName, cancellationToken);
        if (blob is null)
        {
            Reset(grainState);
            LogNotFound(_logger, _name, grainId, stateName, _options.Container, blobName);
            return;
        }

        // An empty blob is a record without state: keep its ETag so the next write replaces it rather than conflicts.
        var state = blob.Content.IsEmpty ? default : _serializer.Deserialize<T>(blob.Content);
        grainState.State = state ?? Create<T>();
        grainState.RecordExists = state is not null;
        grainState.ETag = blob.ETag;
        LogRead(_logger, _name, grainId, stateName, blob.ETag);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = BlobName(stateName, grainId);
        var content = _serializer.Serialize(grainState.State);
        var condition = string.IsNullOrEmpty(grainState.ETag) ? BlobCondition.IfNoneMatchAny : BlobCondition.IfMatch(grainState.ETag);
        try
        {
            grainState.ETag = await _store.WriteAsync(_options.Container, blobName, content.ToMemory(), condition, cancellationToken);
            grainState.RecordExists = true;
            LogWritten(_logger, _name, grainId, stateName, grainState.ETag);
        }
        catch (BlobConditionFailedException e)
        {
            throw Conflict(e, "write", stateName, grainId, grainState.ETag);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = BlobName(stateName, grainId);
        if (string.IsNullOrEmpty(grainState.ETag))
        {
            // The grain has seen no record. Nothing there is a clear of nothing; a record it never saw is a
            // conflict, as creating one would be (Azure's If-None-Match: * on delete).
            var existing = await _store.OpenReadAsync(_options.Container, blobName, cancellationToken);
            if (existing is not null)
            {
                await existing.DisposeAsync();
                var exists = new BlobConditionFailedException(_options.Container, blobName, BlobCondition.IfNoneMatchAny, existing.ETag);
                throw Conflict(exists, "clear", stateName, grainId, grainState.ETag);
            }
        }
        else
        {
            try
            {
                await _store.DeleteAsync(_options.Container, blobName, grainState.ETag, cancellationToken);
            }
            catch (BlobConditionFailedException e)
            {
                throw Conflict(e, "clear", stateName, grainId, grainState.ETag);
            }
        }

        Reset(grainState);
        LogCleared(_logger, _name, grainId, stateName);
    }

    private string BlobName(string stateName, GrainId grainId) => GrainStateBlobName.For(_serviceId, grainId, stateName);

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = Create<T>();
        grainState.RecordExists = false;
        grainState.ETag = null;
    }

    private T Create<T>() => _activators.GetActivator<T>().Create();

    private InconsistentStateException Conflict(BlobConditionFailedException failure, string operation, string stateName, GrainId grainId, string? expectedETag)
    {
        LogConflict(_logger, failure, _name, operation, grainId, stateName, failure.CurrentETag, expectedETag);
        var expected = expectedETag is null ? "no record" : $"ETag {expectedETag}";
        var message = $"Grain storage '{_name}' could not {operation} state '{stateName}' of {grainId}, which expected {expected}; "
            + $"another activation or process changed it first. {failure.Message}";
        return new InconsistentStateException(message, failure.CurrentETag, expectedETag, failure);
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Provider}: no state {StateName} for {GrainId} (blob {Container}/{BlobName})")]
    private static partial void LogNotFound(ILogger logger, string provider, GrainId grainId, string stateName, string container, string blobName);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Provider}: read state {StateName} of {GrainId}, ETag {ETag}")]
    private static partial void LogRead(ILogger logger, string provider, GrainId grainId, string stateName, string eTag);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Provider}: wrote state {StateName} of {GrainId}, ETag {ETag}")]
    private static partial void LogWritten(ILogger logger, string provider, GrainId grainId, string stateName, string eTag);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Grain storage {Provider}: cleared state {StateName} of {GrainId}")]
    private static partial void LogCleared(ILogger logger, string provider, GrainId grainId, string stateName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider}: {Operation} of state {StateName} of {GrainId} conflicted: stored ETag {StoredETag}, expected {ExpectedETag}")]
    private static partial void LogConflict(ILogger logger, Exception exception, string provider, string operation, GrainId grainId, string stateName, string? storedETag, string? expectedETag);
}
