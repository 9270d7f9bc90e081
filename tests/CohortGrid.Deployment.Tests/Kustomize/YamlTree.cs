using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CohortGrid.Deployment.Tests.Kustomize;

/// <summary>Small helpers over YamlDotNet's representation model: load documents, clone, look up, write.</summary>
public static class YamlTree
{
    /// <summary>Every non-empty document of a YAML text (comments and empty documents skipped).</summary>
    public static IReadOnlyList<YamlNode> LoadAll(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: not valid YAML: {e.Message}", e);
        }

        return [.. stream.Documents.Select(d => d.RootNode).Where(n => !IsNull(n))];
    }

    /// <summary>The documents of a file, each of which must be a mapping.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadMappings(string path) =>
        [.. LoadAll(File.ReadAllText(path), path).Select(n => n as YamlMappingNode ?? throw new InvalidDataException($"{path}: a document is not a mapping."))];

    public static bool IsNull(YamlNode? node) =>
        node is null || (node is YamlScalarNode s && s.Style is ScalarStyle.Plain or ScalarStyle.Any && s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static YamlNode Clone(YamlNode node) => node switch
    {
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style, Tag = s.Tag },
        YamlSequenceNode q => new YamlSequenceNode(q.Children.Select(Clone)) { Style = q.Style },
        YamlMappingNode m => CloneMapping(m),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} (aliases are resolved when loading)."),
    };

    public static YamlMappingNode CloneMapping(YamlMappingNode mapping)
    {
        var copy = new YamlMappingNode { Style = mapping.Style };
        foreach (var (key, value) in mapping.Children)
        {
            copy.Add(Clone(key), Clone(value));
        }

        return copy;
    }

    /// <summary>The value of <paramref name="key"/> in a mapping, or null.</summary>
    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The value at a path of keys, or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path) => path.Aggregate(node, (current, key) => current.Get(key));

    /// <summary>The scalar text at a path of keys, or null.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => node.At(path) is YamlScalarNode s && !IsNull(s) ? s.Value : null;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode q ? q.Children : [];

    /// <summary>The mapping at <paramref name="key"/>, created when missing.</summary>
    public static YamlMappingNode MappingAt(this YamlMappingNode node, string key)
    {
        if (node.Get(key) is YamlMappingNode existing)
        {
            return existing;
        }

        var created = new YamlMappingNode();
        node.Children[new YamlScalarNode(key)] = created;
        return created;
    }

    public static void Set(this YamlMappingNode node, string key, string value, bool quoted = false) =>
        node.Children[new YamlScalarNode(key)] = new YamlScalarNode(value) { Style = quoted ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    /// <summary>One document as YAML text.</summary>
    public static string Write(YamlNode node)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>
    /// A plain tree for comparisons: mappings as sorted dictionaries, sequences as lists, scalars as their text
    /// (quoting ignored: <c>"4"</c> and <c>4</c> are the same text).
    /// </summary>
    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode s => IsNull(s) ? null : s.Value,
        YamlSequenceNode q => q.Children.Select(ToPlain).ToList(),
        YamlMappingNode m => new SortedDictionary<string, object?>(m.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ToPlain(p.Value)), StringComparer.Ordinal),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };
}
