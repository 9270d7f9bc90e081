namespace CohortGrid.Analytics.Survival;

/// <summary>How rows are named in error messages: 1-based, with the caller's label when there is one.</summary>
internal static class Rows
{
    public static string Describe(int index, IReadOnlyList<string>? labels) =>
        labels is not null && index < labels.Count && !string.IsNullOrEmpty(labels[index])
            ? $"row {index + 1} ({labels[index]})"
            : $"row {index + 1}";
}
