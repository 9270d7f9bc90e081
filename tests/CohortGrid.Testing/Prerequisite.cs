using System.Diagnostics;

namespace CohortGrid.Testing;

/// <summary>
/// What tests do when something they need from outside (shared data, a tool, a server) is missing: skip on a
/// developer machine, fail under CI (CI=true), so a broken setup cannot pass unnoticed.
/// </summary>
public static class Prerequisite
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test with <paramref name="message"/>, or fails it under CI.</summary>
    public static void Missing(string message)
    {
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    /// <summary>Runs a tool to completion and returns its standard output; a non-zero exit fails the test with its error output.</summary>
    public static string Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {error}");
        return output.Result;
    }
}
