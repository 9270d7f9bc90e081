using CohortGrid.Cli;

namespace CohortGrid.Client.Tests;

/// <summary>Runs the real command tree in-process and captures what it prints.</summary>
internal static class Cli
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
