using System.Text.RegularExpressions;

namespace CohortGrid.Deployment.Tests;

/// <summary>Just enough PromQL to name the metrics a query reads.</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "atan2",
        "inf", "nan",
    ];

    /// <summary>The metric names of a query: identifiers that are not functions, keywords, label names or strings.</summary>
    public static IReadOnlyList<string> MetricNames(string query)
    {
        // Drop strings, label matchers and grouping/range clauses, then what is left called like a function.
        var text = Strings().Replace(query, "\"\"");
        text = Braces().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        return [.. Identifiers().Matches(text)
            .Where(m => !text[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(name => !Keywords.Contains(name.ToLowerInvariant()))
            .Distinct()];
    }

    [GeneratedRegex(""""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
