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
        catch (Exception ex) when (IsExpected(ex))
        {
            Report(parse, ex);
            return Failure;
        }
    }

    /// <summary><see cref="Guard"/> for asynchronous commands; Ctrl+C ends the command with exit code 130.</summary>
    public async Task<int> GuardAsync(ParseResult parse, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("cohortgrid: cancelled");
            return 130;
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            Report(parse, ex);
            return Failure;
        }
    }

    /// <summary>A progress line on stderr when it is a terminal; silent otherwise (scripts, tests, --json).</summary>
    public ProgressLine Progress(string label, int total) =>
        new(ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected ? Error : null, label, total);

    private static bool IsExpected(Exception ex) =>
        ex is SlideException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
            or Inference.ModelCardException or Inference.ModelLoadException or Inference.InferenceException or Analytics.AnalyticsException;

    private void Report(ParseResult parse, Exception ex)
    {
        Error.WriteLine($"cohortgrid: error: {OneLine(ex.Message)}");
        if (parse.GetValue(VerboseOption))
        {
            Error.WriteLine(ex);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
