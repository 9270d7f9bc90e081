using System.Runtime.CompilerServices;

namespace CohortGrid.Storage.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on a local or shared folder: <c>{root}/{container}/{name}</c>, with the name's
/// <c>/</c> segments as sub-folders, so results can be opened in place.
/// </summary>
/// <remarks>
/// <para>
/// A write stages the content under <c>{root}/.staging</c>, then, holding the blob's lock, checks the condition,
/// stamps the staged file with a new version and renames it over the blob: readers see the old or the new file,
/// never a partial one, and two writers with the same <see cref="BlobCondition.IfMatch"/> ETag cannot both win.
/// The lock is in-process and an OS file lock under <c>{root}/.locks</c>, so processes sharing the folder are
/// serialised too. The ETag is the file's last-write time and length (see <see cref="FileBlobVersion"/>).
/// </para>
/// <para>
/// Unlike Azure, a name cannot be both a blob and a folder of blobs ("a" and "a/b"), and deleting the last blob of
/// a folder leaves the empty folder behind (removing it could race a writer about to create a file in it).
/// </para>
/// </remarks>
public sealed class FileBlobStore : IBlobStore
{
    private const string StagingFolder = ".staging";
    private const string LocksFolder = ".locks";
    private const int BufferSize = 1 << 20;

    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    // Dot-files are blobs like any other; the default options would skip them as hidden on Unix.
    private static readonly EnumerationOptions AllFiles = new() { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };

    private readonly string _stagingDirectory;
    private readonly FileBlobLocks _locks;

    /// <param name="rootDirectory">Folder holding one sub-folder per container; created on first write.</param>
    /// <param name="lockTimeout">How long a write waits for another process's lock before failing (default 30 s).</param>
    public FileBlobStore(string rootDirectory, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);

        // Container names cannot start with a dot, so these folders never collide with a container.
        _stagingDirectory = Path.Combine(RootDirectory, StagingFolder);
        _locks = new FileBlobLocks(Path.Combine(RootDirectory, LocksFolder), lockTimeout ?? DefaultLockTimeout);
    }

    public string RootDirectory { get; }

    /// <summary>The file a blob is kept in, for tools that read results in place.</summary>
    public string GetPath(string container, string name)
    {
        BlobPath.ValidateContainer(container);
        BlobPath.ValidateName(name);
        var containerDirectory = Path.Combine(RootDirectory, container);
        var path = Path.GetFullPath(Path.Combine(containerDirectory, name.Replace('/', Path.DirectorySeparatorChar)));

        // Validation already rules out traversal; this catches anything a platform resolves differently.
        if (!path.StartsWith(containerDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob name '{name}' resolves outside container '{container}'.", nameof(name));
        }

        return path;
    }

    public async Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var file = TryOpenRead(GetPath(container, name));
        if (file is null)
        {
            return null;
        }

        await using (file.ConfigureAwait(false))
        {
            var version = FileBlobVersion.Of(file.SafeFileHandle);
            if (version.Length > Array.MaxLength)
            {
                throw new InvalidOperationException($"Blob '{name}' is {version.Length} bytes, too large to read into memory; use {nameof(OpenReadAsync)}.");
            }

            var content = new byte[version.Length];
            await file.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new BlobContent(content, version.ETag);
        }
    }

    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = TryOpenRead(GetPath(container, name));
        if (file is null)
        {
            return Task.FromResult<BlobDownload?>(null);
        }

        var version = FileBlobVersion.Of(file.SafeFileHandle);
        return Task.FromResult<BlobDownload?>(new BlobDownload(file, version.ETag, version.Length, version.LastModified));
    }

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        StoreAsync(container, name, condition, (staged, ct) => staged.WriteAsync(content, ct).AsTask(), cancellationToken);

    public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        return StoreAsync(container, name, condition, CopyFrom, cancellationToken);

        async Task CopyFrom(FileStream staged, CancellationToken ct)
        {
            var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(staged, BufferSize, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var version = FileBlobVersion.Of(GetPath(container, name));
        return Task.FromResult(version is { } v ? new BlobItem(name, v.Length, v.ETag, v.LastModified) : null);
    }

    public async Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var download = await OpenReadAsync(container, name, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            if (ifMatchETag is not null)
            {
                throw new BlobConditionFailedException(container, name, BlobCondition.IfMatch(ifMatchETag), null);
            }

            return null;
        }

        await using (download.ConfigureAwait(false))
        {
            if (ifMatchETag is not null && !string.Equals(ifMatchETag, download.ETag, StringComparison.Ordinal))
            {
                throw new BlobConditionFailedException(container, name, BlobCondition.IfMatch(ifMatchETag), download.ETag);
            }

            var target = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (target.ConfigureAwait(false))
            {
                await download.Content.CopyToAsync(target, BufferSize, cancellationToken).ConfigureAwait(false);
            }

            return new BlobItem(name, download.Length, download.ETag, download.LastModified);
        }
    }

    public async Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default)
    {
        // The open handle pins the source version even if it is replaced while being copied.
        var source = TryOpenRead(GetPath(container, sourceName)) ?? throw new BlobNotFoundException(container, sourceName);
        await using (source.ConfigureAwait(false))
        {
            return await StoreAsync(container, targetName, condition, (staged, ct) => source.CopyToAsync(staged, BufferSize, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        var target = GetPath(container, name);
        var condition = ifMatchETag is null ? BlobCondition.None : BlobCondition.IfMatch(ifMatchETag);
        using (await _locks.AcquireAsync(LockKey(container, name), cancellationToken).ConfigureAwait(false))
        {
            var current = FileBlobVersion.Of(target);
            ThrowIfNotMet(container, name, condition, current);
            if (current is null)
            {
                return false;
            }

            File.Delete(target);
            return true;
        }
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobPath.ValidateContainer(container);
        BlobPath.ValidatePrefix(prefix);
        prefix ??= string.Empty;

        // Directory walks block; keep them off the caller's thread.
        await Task.Yield();

        // Only the folder the prefix is known to be inside needs walking.
        var containerDirectory = Path.Combine(RootDirectory, container);
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? containerDirectory : Path.Combine(containerDirectory, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(start, "*", AllFiles)
            .Select(path => Path.GetRelativePath(containerDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A blob deleted since the walk is simply not listed.
            if (FileBlobVersion.Of(Path.Combine(containerDirectory, name.Replace('/', Path.DirectorySeparatorChar))) is { } version)
            {
                yield return new BlobItem(name, version.Length, version.ETag, version.LastModified);
            }
        }
    }

    private async Task<string> StoreAsync(string container, string name, BlobCondition condition, Func<FileStream, CancellationToken, Task> writeContent, CancellationToken cancellationToken)
    {
        var target = GetPath(container, name);

        // Fail before staging what may be hundreds of megabytes; checked again under the lock.
        ThrowIfNotMet(container, name, condition, FileBlobVersion.Of(target));

        Directory.CreateDirectory(_stagingDirectory);
        var staged = Path.Combine(_stagingDirectory, $"{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await writeContent(stream, cancellationToken).ConfigureAwait(false);

                // Without this a crash right after the rename could leave the blob's name on a file still partly in cache.
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return await CommitAsync(container, name, condition, staged, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private async Task<string> CommitAsync(string container, string name, BlobCondition condition, string staged, string target, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(LockKey(container, name), cancellationToken).ConfigureAwait(false))
        {
            var current = FileBlobVersion.Of(target);
            ThrowIfNotMet(container, name, condition, current);
            var version = FileBlobVersion.Stamp(staged, current);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var createOnly = condition.Kind == BlobConditionKind.IfNoneMatchAny;
            try
            {
                File.Move(staged, target, overwrite: !createOnly);
            }
            catch (IOException) when (createOnly && File.Exists(target))
            {
                // Only a writer that bypasses the lock gets here; the no-overwrite rename still refuses to clobber it.
                throw new BlobConditionFailedException(container, name, condition, FileBlobVersion.Of(target)?.ETag);
            }

            return version.ETag;
        }
    }

    private static void ThrowIfNotMet(string container, string name, BlobCondition condition, FileBlobVersion? current)
    {
        var met = condition.Kind switch
        {
            BlobConditionKind.IfNoneMatchAny => current is null,
            BlobConditionKind.IfMatch => current is { } version && string.Equals(version.ETag, condition.ETag, StringComparison.Ordinal),
            _ => true,
        };

        if (!met)
        {
            throw new BlobConditionFailedException(container, name, condition, current?.ETag);
        }
    }

    private static string LockKey(string container, string name) => $"{container}/{name}";

    private static FileStream? TryOpenRead(string path)
    {
        try
        {
            // Delete sharing lets a writer rename over the blob (or delete it) while this version is being read.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            // A folder of blobs ("a" when "a/b" exists) is not itself a blob.
            return null;
        }
    }
}
