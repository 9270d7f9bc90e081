using System.Globalization;
using CohortGrid.Client;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// Shows a watched cohort on stderr: one self-rewriting progress bar on a terminal, one line per change otherwise
/// (scripts and logs keep a readable history).
/// </summary>
internal sealed class CohortProgress(CliConsole console) : IProgress<CohortStatus>, IDisposable
{
    private const int Width = 30;
    private readonly bool _terminal = console.ErrorIsTerminal;
    private bool _pending;

    public void Report(CohortStatus value)
    {
        var filled = (int)Math.Round(Width * Math.Clamp(value.Progress, 0, 1));
        var eta = value.EtaSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $", ETA {seconds:0} s") : "";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{value.Id} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Progress * 100,3:0}% {value.State}: {value.SlidesCompleted + value.SlidesFailed}/{value.SlidesTotal} slides, {value.TilesDone}/{value.TilesTotal} tiles, {value.TilesPerSecond:0} tiles/s{eta}");
        if (_terminal)
        {
            console.Error.Write($"\r{line}   ");
            _pending = true;
        }
        else
        {
            console.Error.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (_pending)
        {
            console.Error.WriteLine();
            _pending = false;
        }
    }
}
