using System.Reflection;
using System.Text.RegularExpressions;
using CohortGrid.Dashboard.Auth;
using CohortGrid.Grains;
using CohortGrid.Silo;
using CohortGrid.Storage;
using Microsoft.Extensions.Configuration;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// What the host reads, derived from the code so the deployment files cannot drift from it: the options sections
/// (<c>CohortGrid</c>, <c>Storage</c>, <c>Api</c>) bound with the configuration binder's unknown-key check, the
/// single keys and environment variables the sources read (<c>GetValue("Silo:ShutdownTimeout")</c>,
/// <c>GetEnvironmentVariable("POD_IP")</c>, ...), and the command-line flags of <see cref="SiloArguments"/>.
/// </summary>
public static partial class AppConfiguration
{
    /// <summary>Sections read whole by their options class (configuration key prefix → options type).</summary>
    public static readonly IReadOnlyDictionary<string, Type> BoundSections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [CohortGridOptions.Section] = typeof(CohortGridOptions),
        [StorageOptions.Section] = typeof(StorageOptions),
        [ApiOptions.Section] = typeof(ApiOptions),
    };

    /// <summary>
    /// Prefixes read as open sections: silo metadata (every key becomes Orleans silo metadata) and the host's
    /// logging configuration (Microsoft.Extensions.Logging).
    /// </summary>
    public static readonly IReadOnlyList<string> OpenPrefixes = ["Orleans:Metadata:", "Logging:"];

    /// <summary>Variables the images set for the .NET runtime or ASP.NET Core rather than for the host's code.</summary>
    public static readonly IReadOnlySet<string> FrameworkVariables = new HashSet<string>(StringComparer.Ordinal) { "ASPNETCORE_HTTP_PORTS", "DOTNET_ROOT" };

    /// <summary>The roles <c>--role</c> takes.</summary>
    public static readonly IReadOnlyList<string> Roles = ["cpu", "gpu", "cpu,gpu", "api"];

    private static readonly Lazy<(HashSet<string> Keys, HashSet<string> Variables)> Scanned = new(Scan);

    /// <summary>Configuration keys (with ':') the sources read one by one.</summary>
    public static IReadOnlySet<string> ReadKeys => Scanned.Value.Keys;

    /// <summary>Environment variables the sources read directly.</summary>
    public static IReadOnlySet<string> ReadVariables => Scanned.Value.Variables;

    /// <summary>Why an environment variable is not read by the host, or null when it is.</summary>
    public static string? Unknown(string variable)
    {
        if (ReadVariables.Contains(variable) || FrameworkVariables.Contains(variable))
        {
            return null;
        }

        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (ReadKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || OpenPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var section = key.Split(':')[0];
        if (BoundSections.TryGetValue(section, out var type))
        {
            try
            {
                Bind(new Dictionary<string, string?> { [key] = "1" }, section, type);
                return null;
            }
            catch (InvalidOperationException e) when (e.Message.Contains(nameof(BinderOptions.ErrorOnUnknownConfiguration), StringComparison.Ordinal))
            {
                return $"{variable}: no such setting in section {section} ({type.Name}): {e.Message}";
            }
            catch (InvalidOperationException)
            {
                // The placeholder value does not convert (an enum, a time span): the key itself is known.
                return null;
            }
        }

        return $"{variable}: the host reads no such environment variable or configuration key (known: {string.Join(", ", ReadVariables.Order())}; keys {string.Join(", ", ReadKeys.Order())}; sections {string.Join(", ", BoundSections.Keys)}).";
    }

    /// <summary>True when <paramref name="flag"/> is a command-line option of the host.</summary>
    public static bool IsKnownFlag(string flag) => SiloArguments.Normalize([flag, "value"])[0] != flag;

    /// <summary>
    /// Binds a whole environment the way the host does (variables become keys, '__' becomes ':'): every options section
    /// with unknown keys refused, <see cref="CohortGridOptions.Load"/> (which validates storage), and the single keys
    /// whose type the host parses (time spans, ports). Throws what the host would throw at start.
    /// </summary>
    public static IConfiguration BindEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var values = environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        foreach (var (section, type) in BoundSections)
        {
            Bind(values, section, type);
        }

        CohortGridOptions.Load(configuration);
        configuration.GetValue<TimeSpan?>("Silo:ShutdownTimeout");
        configuration.GetValue<int?>("Silo:SiloPort");
        configuration.GetValue<int?>("Silo:GatewayPort");
        return configuration;
    }

    private static void Bind(IDictionary<string, string?> values, string section, Type type)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        configuration.GetSection(section).Get(type, o => o.ErrorOnUnknownConfiguration = true);
    }

    private static (HashSet<string> Keys, HashSet<string> Variables) Scan()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var variables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Repo.PathOf("src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            variables.UnionWith(EnvironmentRead().Matches(text).Select(m => m.Groups[1].Value));
            keys.UnionWith(KeyRead().Matches(text).Select(m => m.Groups[1].Value).Where(k => k.Contains(':', StringComparison.Ordinal)));
        }

        // The switches' keys are read too (SiloArguments maps flags to them).
        foreach (var flag in typeof(SiloArguments).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Select(f => f.GetValue(null)).OfType<Dictionary<string, string>>().SelectMany(d => d.Values))
        {
            keys.Add(flag);
        }

        return (keys, variables);
    }

    [GeneratedRegex("""GetEnvironmentVariable\("([A-Za-z0-9_]+)"\)""")]
    private static partial Regex EnvironmentRead();

    [GeneratedRegex(""""(?:GetValue(?:<[^>]+>)?\(|configuration\[)"([A-Za-z0-9_.]+(?::[A-Za-z0-9_.]+)+)"""")]
    private static partial Regex KeyRead();
}
