using System.Diagnostics;
using System.Globalization;

namespace CohortGrid.Testing.Hosting;

/// <summary>Signals to child processes that .NET cannot send itself.</summary>
public static class ProcessSignal
{
    /// <summary>
    /// Sends SIGTERM to <paramref name="processId"/> (a graceful stop) and returns once it is sent, not once the process
    /// has exited. Does nothing on Windows, which has no SIGTERM: callers kill the process once their graceful wait is over.
    /// </summary>
    public static async Task TerminateAsync(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET can only SIGKILL another process; the shell's kill builtin is always there.
        using var kill = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"kill -TERM {processId.ToString(CultureInfo.InvariantCulture)}"]) { UseShellExecute = false });
        if (kill is not null)
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
    }
}
