using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CohortGrid.Storage.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage (or Azurite): containers are blob containers, names are block blob
/// names, ETags are the service's ETags (always in their quoted HTTP form, whichever API returned them). Each method is
/// one SDK call, plus creating the container when a write finds it missing.
/// </summary>
/// <remarks>
/// <para>
/// The SDK's own retries are switched off (<see cref="RetryOptions.MaxRetries"/> = 0 on whatever
/// <see cref="BlobClientOptions"/> the store is given): retrying is <see cref="ResilientBlobStore"/>'s job, and retries
/// at both levels would multiply (10 × 4 attempts for one call) and hide outages from the circuit breaker. Wrap this
/// store in a <see cref="ResilientBlobStore"/> in production.
/// </para>
/// <para>
/// Failures other than conditions and missing blobs are <see cref="BlobStoreException"/>s naming the blob, the status
/// and the service's error code, with <see cref="BlobStoreException.IsTransient"/> set for 408, 429, 5xx, timeouts and
/// no response at all. They never carry the SDK's message or exception (which quote the request, possibly a SAS
/// query), nor the connection string or account key.
/// </para>
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Network timeout of one HTTP request (or one read of a response body) when the store makes its own <see cref="BlobClientOptions"/>.</summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Size of the blocks file uploads and downloads are split into (4 MiB): each must cross the network within the
    /// network timeout, so a big file on a slow link is many short requests, not one that times out.
    /// </summary>
    public const int TransferChunkBytes = 4 << 20;

    /// <summary>Blocks of one file transfer sent or fetched at once.</summary>
    public const int TransferConcurrency = 4;

    private const string InvalidConnectionString = "Storage connection string is not valid (value not shown).";

    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = TransferChunkBytes,
        MaximumTransferSize = TransferChunkBytes,
        MaximumConcurrency = TransferConcurrency,
    };

    private readonly BlobServiceClient _service;

    /// <summary>A store on the account of a connection string (account key, SAS or Azurite's development account).</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed; the message does not repeat it.</exception>
    public AzureBlobStore(string connectionString)
        : this(connectionString, null)
    {
    }

    /// <inheritdoc cref="AzureBlobStore(string)"/>
    /// <param name="connectionString">A secret: it is never logged nor put in an exception.</param>
    /// <param name="clientOptions">
    /// SDK options, e.g. with an extra <see cref="Azure.Core.Pipeline.HttpPipelinePolicy"/>; start from
    /// <see cref="CreateClientOptions"/>. The store sets their <c>Retry.MaxRetries</c> to 0 (see the remarks).
    /// </param>
    public AzureBlobStore(string connectionString, BlobClientOptions? clientOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = Prepare(clientOptions);
        try
        {
            _service = new BlobServiceClient(connectionString, options);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            // The parser's own message (and so the inner exception) can quote the offending part of the string.
            throw new ArgumentException(InvalidConnectionString, nameof(connectionString));
        }
    }

    /// <summary>
    /// A store on the account at <paramref name="accountUrl"/> (<c>https://{account}.blob.core.windows.net</c>),
    /// authenticated by <paramref name="credential"/>. Nothing goes over the network until the first call.
    /// </summary>
    /// <param name="accountUrl">The account's blob endpoint.</param>
    /// <param name="credential">E.g. <see cref="DefaultAzureCredential"/> (see <see cref="WithDefaultCredential"/>).</param>
    /// <param name="clientOptions">As for the connection-string constructor.</param>
    public AzureBlobStore(Uri accountUrl, TokenCredential credential, BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(accountUrl);
        ArgumentNullException.ThrowIfNull(credential);
        if (!accountUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The storage account URL must be absolute, e.g. https://myaccount.blob.core.windows.net.", nameof(accountUrl));
        }

        _service = new BlobServiceClient(accountUrl, credential, Prepare(clientOptions));
    }

    /// <summary>Name of the storage account (for diagnostics; not a secret).</summary>
    public string AccountName => _service.AccountName;

    /// <summary>The account's blob endpoint (e.g. <c>https://acct.blob.core.windows.net/</c>); never carries a credential.</summary>
    public Uri AccountUri => new(_service.Uri.GetLeftPart(UriPartial.Path));

    /// <summary>
    /// The production store: <paramref name="accountUrl"/> with <see cref="DefaultAzureCredential"/> (workload or managed
    /// identity in the cluster, the developer's Azure CLI login on a workstation). No secret in configuration at all.
    /// </summary>
    public static AzureBlobStore WithDefaultCredential(Uri accountUrl, BlobClientOptions? clientOptions = null) =>
        new(accountUrl, new DefaultAzureCredential(), clientOptions);

    /// <summary>
    /// The SDK options the store uses when given none: no SDK retries (<see cref="ResilientBlobStore"/> retries) and a
    /// network timeout of <see cref="DefaultNetworkTimeout"/>. Add policies to them and pass them to a constructor.
    /// </summary>
    public static BlobClientOptions CreateClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = DefaultNetworkTimeout;
        return options;
    }

    public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return CallAsync("read", container, name, cancellationToken, async () =>
        {
            try
            {
                var result = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
                return new BlobContent(result.Content.ToMemory(), Text(result.Details.ETag));
            }
            catch (RequestFailedException e) when (AzureErrors.IsNotFound(e))
            {
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw ChangedWhileReading("read", container, name, e);
            }
        });
    }

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        var options = new BlobUploadOptions { Conditions = Conditions(condition) };
        return StoreAsync("write", container, name, condition, cancellationToken, async () =>
            Text((await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false)).Value.ETag));
    }

    public async Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        ArgumentException.ThrowIfNullOrEmpty(localPath);

        // Opened here so a missing or unreadable local file is reported as such, not as a (retryable) storage failure.
        var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var options = new BlobUploadOptions { Conditions = Conditions(condition), TransferOptions = Transfer };
            return await StoreAsync("upload", container, name, condition, cancellationToken, async () =>
            {
                // A second try (after creating the container) sends the file again from its start.
                file.Position = 0;
                return Text((await blob.UploadAsync(file, options, cancellationToken).ConfigureAwait(false)).Value.ETag);
            }).ConfigureAwait(false);
        }
    }

    public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return CallAsync("delete", container, name, cancellationToken, async () =>
        {
            if (ifMatchETag is null)
            {
                try
                {
                    return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException e) when (AzureErrors.IsNotFound(e))
                {
                    return false;
                }
            }

            var condition = BlobCondition.IfMatch(ifMatchETag);
            try
            {
                await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, Conditions(condition), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (AzureErrors.IsNotFound(e) || AzureErrors.IsConditionFailure(e))
            {
                throw new BlobConditionFailedException(container, name, condition, null);
            }
        });
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobPath.ValidateContainer(container);
        BlobPath.ValidatePrefix(prefix);
        var options = new GetBlobsOptions { Prefix = string.IsNullOrEmpty(prefix) ? null : prefix };
        var items = _service.GetBlobContainerClient(container).GetBlobsAsync(options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Azure.Storage.Blobs.Models.BlobItem item;
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    item = items.Current;
                }
                catch (RequestFailedException e) when (AzureErrors.IsContainerNotFound(e))
                {
                    break;
                }
                catch (Exception e) when (AzureErrors.Translate(e, "listing", container, null, cancellationToken) is { } error)
                {
                    throw error;
                }

                var properties = item.Properties;
                yield return new BlobItem(item.Name, properties.ContentLength ?? 0, Text(properties.ETag), properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <remarks>
    /// One streaming GET: the stream is the body of a single response, so it is one version. If the connection breaks,
    /// the SDK resumes with a ranged GET conditioned on the same ETag, which fails rather than mix in a newer version.
    /// </remarks>
    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return CallAsync("open", container, name, cancellationToken, async () =>
        {
            try
            {
                var result = (await blob.DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken).ConfigureAwait(false)).Value;
                var details = result.Details;
                return new BlobDownload(result.Content, Text(details.ETag), details.ContentLength, details.LastModified);
            }
            catch (RequestFailedException e) when (AzureErrors.IsNotFound(e))
            {
                return null;
            }
        });
    }

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return CallAsync("properties read", container, name, cancellationToken, async () =>
        {
            try
            {
                var properties = (await blob.GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false)).Value;
                return new BlobItem(name, properties.ContentLength, Text(properties.ETag), properties.LastModified);
            }
            catch (RequestFailedException e) when (AzureErrors.IsNotFound(e))
            {
                return null;
            }
        });
    }

    /// <remarks>
    /// Downloads into a temporary file beside <paramref name="localPath"/> and renames it over the target when complete,
    /// so a failed download leaves no partial file and an existing file untouched. A large blob comes in
    /// <see cref="TransferChunkBytes"/> ranges, each conditioned on the first one's ETag, so the file is one version.
    /// </remarks>
    public Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var target = Path.GetFullPath(localPath);
        var condition = ifMatchETag is null ? BlobCondition.None : BlobCondition.IfMatch(ifMatchETag);
        return CallAsync("download", container, name, cancellationToken, async () =>
        {
            var partial = $"{target}.{Guid.NewGuid():N}.partial";
            try
            {
                var options = new BlobDownloadToOptions { Conditions = Conditions(condition), TransferOptions = Transfer };
                var response = await blob.DownloadToAsync(partial, options, cancellationToken).ConfigureAwait(false);
                File.Move(partial, target, overwrite: true);
                var length = new FileInfo(target).Length;
                if (response.Headers.ETag is { } eTag && LastModified(response) is { } lastModified)
                {
                    return new BlobItem(name, length, Text(eTag), lastModified);
                }

                // Not seen with Azure or Azurite; the properties of the version asked for are the next best.
                var properties = (await blob.GetPropertiesAsync(Conditions(condition), cancellationToken).ConfigureAwait(false)).Value;
                return new BlobItem(name, length, Text(properties.ETag), properties.LastModified);
            }
            catch (RequestFailedException e) when (AzureErrors.IsNotFound(e) || e.Status == 412)
            {
                if (ifMatchETag is not null)
                {
                    throw new BlobConditionFailedException(container, name, condition, null);
                }

                return e.Status == 412 ? throw ChangedWhileReading("download", container, name, e) : (BlobItem?)null;
            }
            finally
            {
                File.Delete(partial);
            }
        });
    }

    /// <remarks>
    /// A server-side copy (<c>Copy Blob</c> from the source's URL in the same account) awaited until it completes; within
    /// one account it completes at once. The target condition is sent as the copy's destination condition.
    /// </remarks>
    public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        var source = Blob(container, sourceName);
        var target = Blob(container, targetName);
        return CallAsync("copy", container, targetName, cancellationToken, async () =>
        {
            try
            {
                var options = new BlobCopyFromUriOptions { DestinationConditions = Conditions(condition) };
                var operation = await target.StartCopyFromUriAsync(source.Uri, options, cancellationToken).ConfigureAwait(false);
                await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
                if (operation.GetRawResponse().Headers.ETag is { } eTag)
                {
                    return Text(eTag);
                }

                return Text((await target.GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false)).Value.ETag);
            }
            catch (RequestFailedException e) when (AzureErrors.IsConditionFailure(e))
            {
                throw new BlobConditionFailedException(container, targetName, condition, null);
            }
            catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode is null or AzureErrors.BlobNotFound or AzureErrors.ContainerNotFound or AzureErrors.CannotVerifyCopySource)
            {
                throw new BlobNotFoundException(container, sourceName);
            }
        });
    }

    /// <summary>An ETag in its quoted HTTP form: headers give it quoted, listings bare; callers see one form.</summary>
    internal static string Quote(string eTag) =>
        eTag.Length > 0 && (eTag[0] == '"' || eTag == "*" || eTag.StartsWith("W/\"", StringComparison.Ordinal)) ? eTag : $"\"{eTag}\"";

    private static string Text(ETag eTag) => Quote(eTag.ToString());

    private static string Text(ETag? eTag) => eTag is { } value ? Text(value) : string.Empty;

    private static BlobRequestConditions? Conditions(BlobCondition condition) => condition.Kind switch
    {
        BlobConditionKind.IfNoneMatchAny => new BlobRequestConditions { IfNoneMatch = ETag.All },
        BlobConditionKind.IfMatch => new BlobRequestConditions { IfMatch = new ETag(Quote(condition.ETag!)) },
        _ => null,
    };

    private static DateTimeOffset? LastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value)
        && DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    private static BlobClientOptions Prepare(BlobClientOptions? options)
    {
        options ??= CreateClientOptions();
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <summary>A ranged read found a newer version than its first range: trying again reads one version whole.</summary>
    private static BlobStoreException ChangedWhileReading(string operation, string container, string name, RequestFailedException e) =>
        AzureErrors.Create($"{operation} (the blob changed while it was read)", container, name, e.Status, e.ErrorCode, isTransient: true);

    /// <summary>Runs an SDK call, turning every storage failure it did not map itself into a <see cref="BlobStoreException"/>.</summary>
    private static async Task<T> CallAsync<T>(string operation, string container, string? name, CancellationToken cancellationToken, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (AzureErrors.Translate(e, operation, container, name, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// A write: maps the condition's failure, and when the container is missing creates it and tries once more (unless
    /// the condition needs an existing blob, which a missing container cannot hold).
    /// </summary>
    private Task<string> StoreAsync(string operation, string container, string name, BlobCondition condition, CancellationToken cancellationToken, Func<Task<string>> store) =>
        CallAsync(operation, container, name, cancellationToken, async () =>
        {
            try
            {
                try
                {
                    return await store().ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (AzureErrors.IsContainerNotFound(e) && condition.Kind != BlobConditionKind.IfMatch)
                {
                    await _service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    return await store().ConfigureAwait(false);
                }
            }
            catch (RequestFailedException e) when (AzureErrors.IsConditionFailure(e) || (condition.Kind == BlobConditionKind.IfMatch && AzureErrors.IsNotFound(e)))
            {
                throw new BlobConditionFailedException(container, name, condition, null);
            }
        });

    private BlobClient Blob(string container, string name)
    {
        BlobPath.ValidateContainer(container);
        BlobPath.ValidateName(name);
        return _service.GetBlobContainerClient(container).GetBlobClient(name);
    }
}
