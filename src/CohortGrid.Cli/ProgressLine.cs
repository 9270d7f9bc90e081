using System.Diagnostics;

namespace CohortGrid.Cli;

/// <summary>A single self-rewriting progress line ("embedding [#####.....] 120/240 tiles, 431/s").</summary>
public sealed class ProgressLine(TextWriter? writer, string label, int total) : IProgress<int>, IDisposable
{
    private const int Width = 30;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private bool _done;

    public void Report(int value)
    {
        if (writer is null || _done || total <= 0)
        {
            return;
        }

        var filled = (int)((long)Width * Math.Min(value, total) / total);
        var rate = _watch.Elapsed.TotalSeconds > 0 ? value / _watch.Elapsed.TotalSeconds : 0;
        writer.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {value}/{total} tiles, {rate:0}/s ");
    }

    public void Dispose()
    {
        if (writer is not null && !_done && total > 0)
        {
            writer.WriteLine();
        }

        _done = true;
    }
}
