using System.CommandLine;
using CohortGrid.Client;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>--url</c> and <c>--api-key</c> of the commands that talk to a server, falling back to <c>COHORTGRID_URL</c>
/// (default http://127.0.0.1:5080) and <c>COHORTGRID_API_KEY</c>.
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>Exit code when no API key was given: a usage error, not a failed call.</summary>
    public const int MissingKeyExitCode = 2;

    private readonly Option<string?> _url = new("--url")
    {
        Description = $"CohortGrid server URL (default: ${CohortGridClientOptions.UrlVariable}, else {CohortGridClientOptions.DefaultBaseAddress}).",
    };

    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = $"API key (default: ${CohortGridClientOptions.ApiKeyVariable}).",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public static ServerOptions AddTo(Command command)
    {
        var options = new ServerOptions();
        command.Options.Add(options._url);
        command.Options.Add(options._apiKey);
        return options;
    }

    /// <summary>
    /// Runs a command body under <see cref="CliConsole.GuardAsync"/> with a client for the chosen server, disposed after;
    /// <see cref="MissingKeyExitCode"/>, with the reason on stderr, when no API key was given.
    /// </summary>
    public Task<int> RunAsync(ParseResult parse, CliConsole console, Func<CohortGridClient, Task<int>> body) =>
        console.GuardAsync(parse, async () =>
        {
            using var client = Connect(parse, console);
            return client is null ? MissingKeyExitCode : await body(client).ConfigureAwait(false);
        });

    /// <summary>A client for the chosen server; null, with the reason on stderr, when no API key was given.</summary>
    private CohortGridClient? Connect(ParseResult parse, CliConsole console)
    {
        var url = parse.GetValue(_url);
        var key = parse.GetValue(_apiKey) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable(CohortGridClientOptions.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            console.Error.WriteLine(
                $"cohortgrid: error: no API key: pass --api-key or set {CohortGridClientOptions.ApiKeyVariable} (the silo prints a generated key when it starts; 'cohortgrid apikey new' makes one to configure).");
            return null;
        }

        return CohortGridClient.Create(new CohortGridClientOptions
        {
            BaseAddress = string.IsNullOrWhiteSpace(url) ? CohortGridClientOptions.FromEnvironment().BaseAddress : CohortGridClientOptions.ParseBaseAddress(url, "--url"),
            ApiKey = key.Trim(),
        });
    }
}
