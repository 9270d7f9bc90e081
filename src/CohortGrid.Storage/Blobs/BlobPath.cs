namespace CohortGrid.Storage.Blobs;

/// <summary>
/// Validation of container and blob names, shared by every <see cref="IBlobStore"/> so a name that works against
/// the file store also works against Azure and cannot leave its container on disk.
/// </summary>
internal static class BlobPath
{
    public const int MaxNameLength = 1024;

    private const string NameRules = "blob names are relative, '/'-separated paths of at most 1024 characters with no empty, '.' or '..' segment, no backslash and no control character";

    public static void ValidateContainer(string container)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        if (!IsValidContainer(container))
        {
            throw new ArgumentException(
                $"Container name '{container}' is invalid: use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(container));
        }
    }

    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Problem(name, isPrefix: false) is { } problem)
        {
            throw new ArgumentException($"Blob name '{name}' is invalid ({problem}): {NameRules}.", nameof(name));
        }
    }

    /// <summary>A listing prefix: like a name, except that it may be empty or end with '/'.</summary>
    public static void ValidatePrefix(string? prefix)
    {
        if (!string.IsNullOrEmpty(prefix) && Problem(prefix, isPrefix: true) is { } problem)
        {
            throw new ArgumentException($"Blob prefix '{prefix}' is invalid ({problem}): {NameRules}.", nameof(prefix));
        }
    }

    private static bool IsValidContainer(string container)
    {
        if (container.Length is < 3 or > 63 || container[0] == '-' || container[^1] == '-' || container.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in container)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Problem(string name, bool isPrefix)
    {
        if (name.Length > MaxNameLength)
        {
            return "too long";
        }

        if (name.Contains('\\'))
        {
            return "backslash";
        }

        if (name.Any(char.IsControl))
        {
            return "control character";
        }

        if (name[0] == '/' || Path.IsPathRooted(name))
        {
            return "absolute path";
        }

        var segments = name.Split('/');

        // A prefix may stop at a folder boundary ("cohorts/"), which leaves one empty last segment.
        var checkedSegments = isPrefix && segments[^1].Length == 0 ? segments[..^1] : segments;
        foreach (var segment in checkedSegments)
        {
            if (segment is "" or "." or "..")
            {
                return segment.Length == 0 ? "empty segment" : $"'{segment}' segment";
            }
        }

        return null;
    }
}
