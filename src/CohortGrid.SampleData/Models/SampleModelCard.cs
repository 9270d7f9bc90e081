using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// The <c>&lt;id&gt;.card.json</c> written next to each sample model, in the shape CohortGrid's model
/// loader reads: camelCase, indented, absent fields left out. Property order is the JSON order.
/// </summary>
internal sealed record SampleModelCard
{
    public const string FileSuffix = ".card.json";
    public const int TileSize = 224;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Id { get; init; }

    public string Version { get; init; } = "1.0";

    public required string Kind { get; init; }

    public string Format { get; init; } = "onnx";

    public string File => Id + ".onnx";

    public required string Input { get; init; }

    public int? InputSize { get; init; }

    public int? InputDim { get; init; }

    public double? TargetMpp { get; init; }

    public double[]? Mean { get; init; }

    public double[]? Std { get; init; }

    public required string Output { get; init; }

    public required int EmbeddingDim { get; init; }

    public string[]? OutputNames { get; init; }

    public required string Description { get; init; }

    /// <summary>A tile encoder taking ImageNet-normalised 224×224 tiles at 0.5 µm/px.</summary>
    public static SampleModelCard TileEncoder(string id, int embeddingDim, string description) => new()
    {
        Id = id,
        Kind = "tile-encoder",
        Input = ConvNetBuilder.InputName,
        InputSize = TileSize,
        TargetMpp = 0.5,
        Mean = [0.485, 0.456, 0.406],
        Std = [0.229, 0.224, 0.225],
        Output = ConvNetBuilder.OutputName,
        EmbeddingDim = embeddingDim,
        Description = description,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";
}
