namespace CohortGrid.Storage.Sources;

/// <summary>
/// Decides which slide locations a cohort may name, before any work starts: local paths only under the allowed
/// roots, blobs only as <c>az://container/name</c> (or a URL) on the configured account and, when listed, in the
/// allowed containers. Anything else — a relative path, <c>..</c> out of a root, a symbolic link leading out of
/// one, another storage account, another scheme — is refused with a message saying why.
/// </summary>
public sealed class SlideLocationPolicy
{
    /// <summary>The URI scheme of blob slides on the configured account.</summary>
    public const string BlobScheme = "az";

    private readonly List<string> _roots;
    private readonly Uri? _account;
    private readonly HashSet<string> _containers;

    /// <param name="allowedRoots">Folders local slides must be under (after resolving <c>..</c> and symbolic links).</param>
    /// <param name="blobAccount">
    /// The storage account's blob endpoint (e.g. <c>https://acct.blob.core.windows.net/</c>, or Azurite's
    /// <c>http://127.0.0.1:10000/devstoreaccount1</c>); <see langword="null"/> when the cluster has no blob storage,
    /// which refuses every blob location.
    /// </param>
    /// <param name="allowedContainers">Containers blob slides may come from; empty allows any container of the account.</param>
    public SlideLocationPolicy(IEnumerable<string> allowedRoots, Uri? blobAccount = null, IEnumerable<string>? allowedContainers = null)
    {
        ArgumentNullException.ThrowIfNull(allowedRoots);
        // A root may itself be (or lie under) a link, e.g. /mnt/slides -> /data/slides: its real path is allowed too,
        // so a slide whose link resolution ends there is inside.
        var given = allowedRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(Path.GetFullPath).ToList();
        _roots = [.. given.Concat(given.Where(Directory.Exists).Select(RealDirectory)).Select(WithSeparator).Distinct(StringComparer.Ordinal)];
        _account = blobAccount;
        _containers = new HashSet<string>(allowedContainers ?? [], StringComparer.Ordinal);
    }

    /// <summary>The allowed roots, as full paths ending with a separator.</summary>
    public IReadOnlyList<string> AllowedRoots => _roots;

    /// <summary>Resolves <paramref name="location"/>, or says in <paramref name="problem"/> why it is refused.</summary>
    public bool TryResolve(string location, out SlideLocation? resolved, out string? problem)
    {
        resolved = null;
        problem = Check(location, ref resolved);
        return problem is null;
    }

    /// <summary>Resolves <paramref name="location"/>.</summary>
    /// <exception cref="ArgumentException">The location is refused; the message says why.</exception>
    public SlideLocation Resolve(string location) =>
        TryResolve(location, out var resolved, out var problem) ? resolved! : throw new ArgumentException(problem, nameof(location));

    private string? Check(string location, ref SlideLocation? resolved)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return "location is empty.";
        }

        var schemeEnd = location.IndexOf("://", StringComparison.Ordinal);
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var fileUri) || !fileUri.IsFile || !string.IsNullOrEmpty(fileUri.Host))
            {
                return $"location '{location}' is not a local file URI (use file:///absolute/path).";
            }

            return CheckFile(fileUri.LocalPath, location, ref resolved);
        }

        if (schemeEnd > 0)
        {
            return CheckUrl(location, location[..schemeEnd].ToLowerInvariant(), ref resolved);
        }

        return CheckFile(location, location, ref resolved);
    }

    private string? CheckFile(string path, string location, ref SlideLocation? resolved)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return $"location '{location}' must be an absolute path (or az://container/name).";
        }

        var full = Path.GetFullPath(path);
        if (_roots.Count == 0)
        {
            return $"location '{location}' is a local path, but no folder is allowed for slides (set CohortGrid:AllowedRoots).";
        }

        if (!IsUnderRoot(full))
        {
            return $"location '{location}' is outside the allowed roots ({Roots()}).";
        }

        // A link inside a root may point anywhere; what counts is where reading it ends up.
        if (LinkTarget(full) is { } target && !IsUnderRoot(target))
        {
            return $"location '{location}' is a symbolic link to '{target}', outside the allowed roots ({Roots()}).";
        }

        resolved = SlideLocation.File(full);
        return null;
    }

    private string? CheckUrl(string location, string scheme, ref SlideLocation? resolved)
    {
        if (_account is null)
        {
            return $"location '{location}' is a URL, but this cluster has no blob storage configured (Storage:Kind is Local); use a local path under the allowed roots.";
        }

        string container;
        string name;
        if (scheme == BlobScheme)
        {
            var rest = location[(BlobScheme.Length + 3)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == rest.Length - 1)
            {
                return $"location '{location}' must look like az://container/path/to/slide.";
            }

            container = rest[..slash];
            name = Uri.UnescapeDataString(rest[(slash + 1)..]);
        }
        else if (scheme is "https" or "http" && Uri.TryCreate(location, UriKind.Absolute, out var url))
        {
            var account = WithSlash(_account.GetLeftPart(UriPartial.Path));
            var given = url.GetLeftPart(UriPartial.Path);
            if (!string.IsNullOrEmpty(url.Query))
            {
                return $"location '{RedactQuery(url)}' carries a query (a SAS token?); name blobs as az://container/path, the cluster uses its own credentials.";
            }

            if (!given.StartsWith(account, StringComparison.OrdinalIgnoreCase))
            {
                return $"location '{location}' is on another storage account or host ({url.Host}); only the configured account is allowed.";
            }

            var path = given[account.Length..];
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == path.Length - 1)
            {
                return $"location '{location}' does not name a blob (expected {account}container/path).";
            }

            container = path[..slash];
            name = Uri.UnescapeDataString(path[(slash + 1)..]);
        }
        else
        {
            return $"location '{location}' has an unsupported scheme '{scheme}'; use a local path or az://container/path.";
        }

        try
        {
            Blobs.BlobPath.ValidateContainer(container);
            Blobs.BlobPath.ValidateName(name);
        }
        catch (ArgumentException e)
        {
            return $"location '{location}' is not a valid blob: {e.Message}";
        }

        if (_containers.Count > 0 && !_containers.Contains(container))
        {
            return $"location '{location}' is in container '{container}', which is not an allowed slide container ({string.Join(", ", _containers.Order(StringComparer.Ordinal))}).";
        }

        resolved = SlideLocation.Blob(container, name);
        return null;
    }

    private bool IsUnderRoot(string fullPath) => _roots.Any(root => fullPath.StartsWith(root, StringComparison.Ordinal));

    private string Roots() => string.Join(", ", _roots.Select(r => r.TrimEnd(Path.DirectorySeparatorChar)));

    private static string? LinkTarget(string fullPath)
    {
        try
        {
            // Any link on the way (the file or a folder above it) changes where the path leads.
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return null;
            }

            var real = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fullPath;
            var directory = Path.GetDirectoryName(real);
            var resolvedDirectory = directory is null ? null : RealDirectory(directory);
            var final = resolvedDirectory is null ? real : Path.Combine(resolvedDirectory, Path.GetFileName(real));
            return string.Equals(final, fullPath, StringComparison.Ordinal) ? null : final;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string RealDirectory(string directory)
    {
        var parent = Path.GetDirectoryName(directory);
        var resolvedParent = parent is null ? null : RealDirectory(parent);
        var current = resolvedParent is null ? directory : Path.Combine(resolvedParent, Path.GetFileName(directory));
        var target = new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? current : RealDirectory(target.FullName);
    }

    private static string RedactQuery(Uri url) => url.GetLeftPart(UriPartial.Path) + "?…";

    private static string WithSeparator(string path) => path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
