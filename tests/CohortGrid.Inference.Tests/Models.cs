using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

/// <summary>The models the tests use: the real shared encoder (through its card in Assets/) and generated ones.</summary>
internal static class Models
{
    /// <summary>Card of the real pretrained encoder; its "file" points at ../shared/data/models.</summary>
    public static string MobileNetCard
    {
        get
        {
            _ = TestData.Directory; // skip or fail, as for every test that needs the shared data
            return Path.Combine(TestData.RepositoryRoot, "tests", "CohortGrid.Inference.Tests", "Assets", "mobilenetv2-features.card.json");
        }
    }

    /// <summary>Writes a variant of a card's JSON with some fields replaced, next to the original model.</summary>
    public static string CardWith(TempDirectory temp, string cardPath, params (string Field, object? Value)[] changes)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(cardPath))!.AsObject();
        node["file"] = ModelCard.Load(cardPath).ModelPath;
        foreach (var (field, value) in changes)
        {
            node[field] = value is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(value);
        }

        var path = temp.File($"variant-{Guid.NewGuid():N}.card.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }
}
