namespace CohortGrid.Storage.Blobs;

/// <summary>
/// A conditional write or delete did not happen because the blob is not in the state the condition requires
/// (HTTP 412 / 409 in Azure terms): someone else created, changed or removed it first.
/// </summary>
public sealed class BlobConditionFailedException : Exception
{
    public BlobConditionFailedException(string container, string blobName, BlobCondition condition, string? currentETag)
        : base(Describe(container, blobName, condition, currentETag))
    {
        Container = container;
        BlobName = blobName;
        Condition = condition;
        CurrentETag = currentETag;
    }

    public string Container { get; }

    public string BlobName { get; }

    /// <summary>The condition that did not hold.</summary>
    public BlobCondition Condition { get; }

    /// <summary>The blob's ETag when the condition was checked; <see langword="null"/> when it did not exist or the store could not tell.</summary>
    public string? CurrentETag { get; }

    private static string Describe(string container, string blobName, BlobCondition condition, string? currentETag)
    {
        var found = currentETag is null ? "the blob does not exist or has an unknown version" : $"the blob has ETag {currentETag}";
        return $"Condition '{condition}' failed for blob '{blobName}' in container '{container}': {found}.";
    }
}
