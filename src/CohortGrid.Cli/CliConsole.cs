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
    public ProgressLine Progress(string label, int total) => new(ErrorIsTerminal ? Error : null, label, total);

    /// <summary>True when stderr is the real console on a terminal: progress lines may rewrite themselves there.</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    // API errors (CohortGridException and its subclasses), an unreachable or silent server and refused result paths
    // are expected when talking to a cluster.
    private static bool IsExpected(Exception ex) =>
        ex is SlideException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException
            or Inference.ModelCardException or Inference.ModelLoadException or Inference.InferenceException or Analytics.AnalyticsException
            or Client.CohortGridException or HttpRequestException or TimeoutException or InvalidDataException;

    private void Report(ParseResult parse, Exception ex)
    {
        Error.WriteLine($"cohortgrid: error: {OneLine(Describe(ex))}");
        if (ex is Client.CohortValidationException invalid)
        {
            // One line per problem, each naming its table, row and column.
            foreach (var problem in invalid.Problems)
            {
                Error.WriteLine($"  {OneLine(Client.CohortValidationException.Format(problem))}");
            }
        }

        if (parse.GetValue(VerboseOption))
        {
            Error.WriteLine(ex);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        // The problems follow on lines of their own.
        Client.CohortValidationException invalid => invalid.Summary,
        HttpRequestException { StatusCode: null } => $"cannot reach the CohortGrid server: {ex.Message}",
        _ => ex.Message,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
