using System.Net.Sockets;
using Azure;

namespace CohortGrid.Storage.Blobs;

/// <summary>
/// Turns what the Azure SDK throws into <see cref="BlobStoreException"/>s that are safe to log: they keep the status and
/// the service's error code, never the SDK's message (which quotes request headers and the URL, possibly a SAS query)
/// nor the SDK exception itself as inner exception.
/// </summary>
internal static class AzureErrors
{
    public const string BlobNotFound = "BlobNotFound";
    public const string ContainerNotFound = "ContainerNotFound";
    public const string BlobAlreadyExists = "BlobAlreadyExists";
    public const string ConditionNotMet = "ConditionNotMet";
    public const string CannotVerifyCopySource = "CannotVerifyCopySource";
    public const string ContainerBeingDeleted = "ContainerBeingDeleted";

    public static bool IsNotFound(RequestFailedException e) =>
        e.Status == 404 && e.ErrorCode is null or BlobNotFound or ContainerNotFound;

    public static bool IsContainerNotFound(RequestFailedException e) =>
        e.Status == 404 && e.ErrorCode == ContainerNotFound;

    /// <summary>The answer to a write made with If-None-Match: * or If-Match that did not hold.</summary>
    public static bool IsConditionFailure(RequestFailedException e) =>
        e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobAlreadyExists);

    /// <summary>Whether the same request may succeed later: throttling, server errors, no response at all.</summary>
    public static bool IsTransientStatus(int status, string? errorCode) =>
        status is 0 or 408 or 429 or 500 or 502 or 503 or 504
        || (status == 409 && errorCode == ContainerBeingDeleted);

    /// <summary>
    /// The <see cref="BlobStoreException"/> for a failure of <paramref name="operation"/>, or <see langword="null"/>
    /// when <paramref name="error"/> is not a storage failure (an argument error, the caller's cancellation, a bug),
    /// which then propagates as it is. <paramref name="cancellationToken"/> is the token the call was given:
    /// cancellation through it is the caller's, not a timeout.
    /// </summary>
    public static BlobStoreException? Translate(Exception error, string operation, string container, string? blobName, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case BlobStoreException:
                return null;
            case RequestFailedException failed:
                return Create(operation, container, blobName, failed.Status, failed.ErrorCode, IsTransientStatus(failed.Status, failed.ErrorCode), NoResponseReason(failed));
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException or TimeoutException:
                return Create(operation, container, blobName, 0, null, isTransient: true, "timed out");
            case HttpRequestException or IOException or SocketException:
                return Create(operation, container, blobName, 0, null, isTransient: true, NoResponseReason(error));
            case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                // What Azure.Core throws when several tries failed; only the last one matters.
                return Translate(aggregate.InnerExceptions[^1], operation, container, blobName, cancellationToken);
            default:
                return null;
        }
    }

    public static BlobStoreException Create(string operation, string container, string? blobName, int status, string? errorCode, bool isTransient, string? detail = null)
    {
        var subject = blobName is null ? $"container '{container}'" : $"blob '{blobName}' in container '{container}'";
        var outcome = status == 0
            ? $"no response ({detail ?? "connection failed"})"
            : $"status {status} ({errorCode ?? "no error code"})";
        var kind = isTransient ? "transient, may succeed when tried again" : "not transient";
        return new BlobStoreException($"Azure Blob Storage {operation} of {subject} failed: {outcome}; {kind}.", container, blobName, status, errorCode, isTransient);
    }

    /// <summary>
    /// Why no response came, from the exception types and socket error codes only (their messages can quote a URL).
    /// </summary>
    private static string? NoResponseReason(Exception error)
    {
        string? reason = null;
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    // The most precise reason there is (ConnectionRefused, HostNotFound, TimedOut).
                    return $"socket error {socket.SocketErrorCode}";
                case HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http:
                    reason ??= $"HTTP request error {http.HttpRequestError}";
                    break;
                case OperationCanceledException or TimeoutException:
                    reason ??= "timed out";
                    break;
                default:
                    break;
            }
        }

        return reason ?? (error is RequestFailedException ? null : error.GetType().Name);
    }
}
