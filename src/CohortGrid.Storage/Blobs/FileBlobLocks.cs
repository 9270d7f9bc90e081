namespace CohortGrid.Storage.Blobs;

/// <summary>
/// Mutual exclusion for the check-then-rename of a conditional write, within this process and across processes
/// sharing the folder. Blobs hash onto a fixed set of stripes; each stripe is a semaphore here plus an exclusively
/// opened lock file on disk.
/// </summary>
/// <remarks>
/// Stripes rather than one lock file per blob: a lock file cannot be deleted safely while others may be waiting to
/// open it, so per-blob files would pile up forever. Holding a stripe only covers a stat and a rename (content is
/// staged before), so sharing one between blobs costs next to nothing. The exclusive open is an OS file lock
/// (flock on Unix, a share mode on Windows) that the OS drops when a process dies, so a crash never leaves a stale lock.
/// </remarks>
internal sealed class FileBlobLocks
{
    private const int StripeCount = 256;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly string _directory;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public FileBlobLocks(string directory, TimeSpan timeout)
    {
        _directory = directory;
        _timeout = timeout;
    }

    /// <summary>Waits for the stripe of <paramref name="key"/> in this process, then for its lock file.</summary>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = Stripe(key);
        var gate = _gates[stripe];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await OpenExclusiveAsync(Path.Combine(_directory, $"{stripe:x2}.lock"), cancellationToken).ConfigureAwait(false);
            return new Lease(gate, file);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async Task<FileStream> OpenExclusiveAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _timeout;
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                Directory.CreateDirectory(_directory);
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                // A sharing violation reads differently per platform (EWOULDBLOCK on Unix, ERROR_SHARING_VIOLATION on
                // Windows), so any other IOException counts as "held"; the deadline stops a persistent fault spinning.
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"Could not lock '{path}' within {_timeout}: another process holds it or the file cannot be opened.", e);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>FNV-1a over the upper-cased key: stable across processes and runs (unlike string.GetHashCode), and case-folded so names that one file system treats as the same file share a stripe.</summary>
    private static int Stripe(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ char.ToUpperInvariant(c)) * 16777619u;
        }

        return (int)(hash % StripeCount);
    }

    private sealed class Lease(SemaphoreSlim gate, FileStream file) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                file.Dispose();
                gate.Release();
            }
        }
    }
}
