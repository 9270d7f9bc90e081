namespace CohortGrid.Bench;

internal static class BenchArgs
{
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Every value of an option given several times (<c>--host-env A=1 --host-env B=2</c>).</summary>
    public static IReadOnlyList<string> Values(string[] args, string name) =>
        [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];
}
