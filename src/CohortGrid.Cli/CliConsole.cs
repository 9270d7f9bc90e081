using System.CommandLine;
using CohortGrid.Slides;

namespace CohortGrid.Cli;

/// <summary>
/// Where commands write, and the one place errors become a single clear stderr line with a
/// non-zero exit code (the stack trace only with --verbose).
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public const int Failure = 1;

    public static Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Show stack traces and extra detail.",
        Recursive = true,
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Runs a command body, turning expected failures into one line on stderr.</summary>
    public int Guard(ParseResult parse, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is SlideException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            Error.WriteLine($"cohortgrid: error: {OneLine(ex.Message)}");
            if (parse.GetValue(VerboseOption))
            {
                Error.WriteLine(ex);
            }

            return Failure;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
