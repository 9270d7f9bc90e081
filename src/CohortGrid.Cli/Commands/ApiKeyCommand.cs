using System.CommandLine;
using CohortGrid.Client;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// <c>cohortgrid apikey new</c>: a new random API key and the SHA-256 the server's configuration stores
/// (<c>Api:Keys:N:Sha256</c>); the same format as the server's own key generator (<see cref="ApiKeyFormat"/>).
/// </summary>
internal static class ApiKeyCommand
{
    public static Command Create(CliConsole console)
    {
        var apikey = new Command("apikey", "API keys for the REST API.");
        var create = new Command("new", "Print a new random API key and its SHA-256 for the server's configuration (Api:Keys:N:Sha256). The key is shown once and stored nowhere.");
        create.SetAction(parse => console.Guard(parse, () =>
        {
            var key = ApiKeyFormat.NewKey();
            console.Out.WriteLine($"key:    {key}");
            console.Out.WriteLine($"sha256: {ApiKeyFormat.Hash(key)}");
            console.Out.WriteLine("Configure the hash as Api:Keys:N:Sha256 (with Api:Keys:N:Name), e.g. Api__Keys__0__Sha256; give the key to its user (COHORTGRID_API_KEY).");
            return 0;
        }));
        apikey.Subcommands.Add(create);
        return apikey;
    }
}
