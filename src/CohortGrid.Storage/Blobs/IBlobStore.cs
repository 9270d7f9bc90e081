namespace CohortGrid.Storage.Blobs;

/// <summary>
/// Named byte blobs in containers, with ETag-based optimistic concurrency: the storage abstraction for results
/// and grain state. Shaped after Azure Blob Storage so an Azure implementation maps onto it one call per method.
/// </summary>
/// <remarks>
/// <para>
/// Containers follow Azure's rules (3 to 63 lowercase letters, digits and single hyphens, starting and ending with
/// a letter or digit). Blob names are relative, <c>/</c>-separated paths of at most 1024 characters with no empty,
/// <c>.</c> or <c>..</c> segment, no backslash and no control character; anything else is an
/// <see cref="ArgumentException"/>, so a name can never reach outside its container.
/// </para>
/// <para>
/// An ETag is an opaque version stamp: it changes on every write, and a write or delete made conditional on it
/// fails with <see cref="BlobConditionFailedException"/> once someone else has changed or removed the blob.
/// </para>
/// </remarks>
public interface IBlobStore
{
    /// <summary>Reads a whole blob with its ETag; <see langword="null"/> when the blob (or its container) does not exist.</summary>
    /// <remarks>For large blobs use <see cref="OpenReadAsync"/>; this loads the content into memory.</remarks>
    Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> as the blob, creating the container if needed, and returns the new ETag.
    /// Readers see the old content or the new, never a mix.
    /// </summary>
    /// <exception cref="BlobConditionFailedException"><paramref name="condition"/> does not hold; nothing was written.</exception>
    Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the blob. Without <paramref name="ifMatchETag"/> a missing blob is not an error and the result says
    /// whether one was deleted.
    /// </summary>
    /// <exception cref="BlobConditionFailedException">
    /// <paramref name="ifMatchETag"/> is given and the blob is missing or has another ETag; nothing was deleted.
    /// </exception>
    Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blobs whose names start with <paramref name="prefix"/> (a plain string prefix, not only whole folders),
    /// in ordinal name order; nothing when the container does not exist.
    /// </summary>
    IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for streaming; <see langword="null"/> when it does not exist. The stream reads the version named
    /// by <see cref="BlobDownload.ETag"/>: if the blob is replaced while it is open, the stream either goes on reading
    /// that version (the file store) or fails (a store that cannot pin one), never returns a mix.
    /// </summary>
    Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a local file as the blob without loading it into memory (e.g. a features.h5 written locally first) and
    /// returns the new ETag; like <see cref="WriteAsync"/> otherwise.
    /// </summary>
    /// <exception cref="BlobConditionFailedException"><paramref name="condition"/> does not hold; nothing was written.</exception>
    Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default);

    /// <summary>The blob's current properties (name, size, ETag); <see langword="null"/> when it does not exist.</summary>
    Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads the blob to <paramref name="localPath"/> (created or overwritten) and returns the properties of the
    /// version downloaded; <see langword="null"/> (and no file) when the blob does not exist. With
    /// <paramref name="ifMatchETag"/> only that version is downloaded.
    /// </summary>
    /// <exception cref="BlobConditionFailedException"><paramref name="ifMatchETag"/> is given and the blob has another ETag.</exception>
    Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies blob <paramref name="sourceName"/> to <paramref name="targetName"/> in the same container, inside the
    /// store (no download), and returns the target's new ETag. The target appears complete or not at all.
    /// </summary>
    /// <exception cref="BlobNotFoundException">The source does not exist.</exception>
    /// <exception cref="BlobConditionFailedException"><paramref name="condition"/> does not hold for the target; nothing was written.</exception>
    Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default);
}
