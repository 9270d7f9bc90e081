using System.Text.Json;

namespace CohortGrid.Client;

/// <summary>
/// How the API writes and reads JSON: camelCase names, case-insensitive reading, enums as strings (the models carry
/// their converters). Use it to store or print the models the way the server does.
/// </summary>
public static class CohortGridJson
{
    /// <summary>The serializer options of the wire format (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    /// <summary>The same options, writing indented JSON for people to read (read-only).</summary>
    public static JsonSerializerOptions Indented { get; } = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
