using System.CommandLine;
using CohortGrid.Cli.Commands;

namespace CohortGrid.Cli;

/// <summary>Builds the command tree; <see cref="Run"/> is the whole program, callable in-process by tests.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var console = new CliConsole(output, error);
        var root = new RootCommand("CohortGrid: cohort-scale whole-slide image processing for computational pathology.");
        root.Options.Add(CliConsole.VerboseOption);
        root.Subcommands.Add(SlideCommands.Create(console));
        root.Subcommands.Add(EmbedCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(SampleCommands.Create(console));
        root.Subcommands.Add(SurvivalCommands.Create(console));
        foreach (var command in CohortCommands.Create(console))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ApiKeyCommand.Create(console));
        var parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
