namespace CohortGrid.Storage.Blobs;

/// <summary>
/// A storage call failed for a reason other than a condition (<see cref="BlobConditionFailedException"/>):
/// the service refused it, was unreachable or timed out. The message names the blob and the status, and never
/// carries a credential (connection string, account key or SAS token).
/// </summary>
/// <remarks>
/// <see cref="IsTransient"/> tells the resilience pipeline whether trying again can help: a 503, a timeout or a
/// refused connection can; a 403 (credentials), a 400 or a 404 cannot, and is reported at once.
/// </remarks>
public class BlobStoreException : IOException
{
    public BlobStoreException(string message, string container, string? blobName, int status, string? errorCode, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Container = container;
        BlobName = blobName;
        Status = status;
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    public string Container { get; }

    /// <summary>The blob the call was about; <see langword="null"/> for container-level calls (listing).</summary>
    public string? BlobName { get; }

    /// <summary>HTTP status of the failed call; 0 when no response came (connection refused, timeout).</summary>
    public int Status { get; }

    /// <summary>The service's error code (e.g. <c>AuthorizationFailure</c>), when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Whether the same call may succeed if tried again later.</summary>
    public bool IsTransient { get; }
}
