using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortGrid.Inference;

/// <summary>
/// The sidecar JSON that says how to use a model (<c>&lt;model&gt;.card.json</c>): what it is, what it
/// expects and what it returns. Tile encoders carry the preprocessing (input size, target mpp,
/// mean/std); heads carry the names of their outputs; linear heads carry their weights.
/// </summary>
public sealed record ModelCard
{
    public const string FileSuffix = ".card.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Stable identifier, recorded with every result (e.g. "uni", "mobilenetv2-features").</summary>
    public string Id { get; init; } = "";

    /// <summary>Model version; results are keyed by id and version.</summary>
    public string Version { get; init; } = "";

    public ModelKind Kind { get; init; }

    public ModelFormat Format { get; init; } = ModelFormat.Onnx;

    /// <summary>ONNX file, relative to the card. Default: the card's name with <c>.onnx</c>.</summary>
    public string? File { get; init; }

    /// <summary>Name of the graph input (ONNX).</summary>
    public string? Input { get; init; }

    /// <summary>Tile side in pixels (tile encoders).</summary>
    public int? InputSize { get; init; }

    /// <summary>Values per input row (heads): the embedding dimension they consume.</summary>
    public int? InputDim { get; init; }

    /// <summary>Microns per pixel the encoder was trained at (tile encoders).</summary>
    public double? TargetMpp { get; init; }

    /// <summary>Per-channel mean on the 0-1 scale, RGB (tile encoders).</summary>
    public float[]? Mean { get; init; }

    /// <summary>Per-channel standard deviation on the 0-1 scale, RGB (tile encoders).</summary>
    public float[]? Std { get; init; }

    /// <summary>Name of the graph output to use (ONNX).</summary>
    public string? Output { get; init; }

    /// <summary>Values per output row: embedding size for encoders, number of outputs for heads.</summary>
    public int EmbeddingDim { get; init; }

    /// <summary>Names of the outputs of a head (e.g. "risk", or gene symbols), one per output value.</summary>
    public string[]? OutputNames { get; init; }

    /// <summary>Linear heads: row-major [EmbeddingDim, InputDim] weights.</summary>
    public float[][]? Weights { get; init; }

    /// <summary>Linear heads: [EmbeddingDim] bias.</summary>
    public float[]? Bias { get; init; }

    public string? Description { get; init; }

    /// <summary>Where the card was read from (not serialised).</summary>
    [JsonIgnore]
    public string CardPath { get; init; } = "";

    /// <summary>Values per input row: 3 x size x size for encoders, <see cref="InputDim"/> for heads.</summary>
    [JsonIgnore]
    public int InputRowLength => Kind == ModelKind.TileEncoder ? 3 * InputSize.GetValueOrDefault() * InputSize.GetValueOrDefault() : InputDim.GetValueOrDefault();

    /// <summary>The ONNX file's full path.</summary>
    [JsonIgnore]
    public string ModelPath => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CardPath) ?? ".", File ?? DefaultFileName(CardPath)));

    /// <summary>Reads and validates a card. <paramref name="path"/> may be the card or the .onnx next to it.</summary>
    public static ModelCard Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var cardPath = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? path[..^5] + FileSuffix : path;
        if (!System.IO.File.Exists(cardPath))
        {
            throw System.IO.File.Exists(path) && cardPath != path
                ? new ModelCardException(cardPath, "file", $"is missing: every model needs a card next to it describing its input, preprocessing and output (see docs/models.md).")
                : new ModelCardException(cardPath, "file", "does not exist.");
        }

        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(System.IO.File.ReadAllText(cardPath), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelCardException(cardPath, ex.Path is { Length: > 2 } jsonPath ? jsonPath.TrimStart('$', '.') : "json", $"is not valid: {ex.Message}");
        }

        card = (card ?? throw new ModelCardException(cardPath, "json", "is empty.")) with { CardPath = Path.GetFullPath(cardPath) };
        card.Validate();
        return card;
    }

    /// <summary>Writes the card as JSON.</summary>
    public void Save(string path) => System.IO.File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>Checks the card on its own (fields present and in range); the model is checked on load.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Id), "id", "is required.");
        Require(!string.IsNullOrWhiteSpace(Version), "version", "is required.");
        Require(EmbeddingDim > 0, "embeddingDim", $"must be positive (is {EmbeddingDim}).");
        if (Format == ModelFormat.Onnx)
        {
            Require(!string.IsNullOrWhiteSpace(Input), "input", "is required: the name of the ONNX graph input.");
            Require(!string.IsNullOrWhiteSpace(Output), "output", "is required: the name of the ONNX graph output.");
        }

        if (Kind == ModelKind.TileEncoder)
        {
            Require(InputSize is >= 8 and <= 4096, "inputSize", $"must be between 8 and 4096 pixels (is {InputSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}).");
            Require(TargetMpp is > 0.01 and < 100, "targetMpp", "must be the encoder's training resolution in µm/px (0.01-100).");
            Require(Mean is { Length: 3 }, "mean", "needs three values (R, G, B) on the 0-1 scale.");
            Require(Std is { Length: 3 } && Std.All(s => s > 0), "std", "needs three positive values (R, G, B) on the 0-1 scale.");
            Require(Format == ModelFormat.Onnx, "format", "must be onnx for a tile encoder.");
        }
        else
        {
            Require(InputDim > 0, "inputDim", "is required for heads: the embedding dimension they consume.");
            Require(OutputNames is not null && OutputNames.Length == EmbeddingDim, "outputNames", $"must name each of the {EmbeddingDim} outputs.");
        }

        if (Format == ModelFormat.Linear)
        {
            Require(Weights is not null && Weights.Length == EmbeddingDim && Weights.All(w => w.Length == InputDim), "weights", $"must be {EmbeddingDim} rows of {InputDim} values.");
            Require(Bias is null || Bias.Length == EmbeddingDim, "bias", $"must have {EmbeddingDim} values.");
            Require(Weights!.All(row => row.All(float.IsFinite)) && (Bias ?? []).All(float.IsFinite), "weights", "must be finite numbers.");
        }
    }

    private void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new ModelCardException(CardPath, field, problem);
        }
    }

    private static string DefaultFileName(string cardPath)
    {
        var name = Path.GetFileName(cardPath);
        return (name.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^FileSuffix.Length] : Path.GetFileNameWithoutExtension(name)) + ".onnx";
    }
}
