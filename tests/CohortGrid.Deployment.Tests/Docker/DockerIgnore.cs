using System.Text;
using System.Text.RegularExpressions;

namespace CohortGrid.Deployment.Tests.Docker;

/// <summary>
/// A .dockerignore file: patterns in Go's filepath.Match syntax plus <c>**</c>, <c>!</c> exceptions, the last
/// matching pattern deciding. A path is excluded when a pattern matches it or one of its parent folders.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude, string Text)> _rules = [];

    public DockerIgnore(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            _rules.Add((ToRegex(pattern), exclude, line));
        }
    }

    public IReadOnlyList<string> Patterns => [.. _rules.Select(r => r.Text)];

    /// <summary>The pattern that excludes <paramref name="relativePath"/> (forward slashes, relative to the context), or null when it is sent.</summary>
    public string? ExcludedBy(string relativePath)
    {
        var parts = relativePath.Trim('/').Split('/');
        string? decision = null;
        foreach (var (pattern, exclude, text) in _rules)
        {
            for (var n = 1; n <= parts.Length; n++)
            {
                if (pattern.IsMatch(string.Join('/', parts.Take(n))))
                {
                    decision = exclude ? text : null;
                    break;
                }
            }
        }

        return decision;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, "**" at the end anything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
