using System.Text;

namespace CohortGrid.SampleData.Models;

/// <summary>
/// Writes seeded ONNX sample models with their cards (<c>&lt;id&gt;.onnx</c> and
/// <c>&lt;id&gt;.card.json</c>), built byte by byte without an ONNX package: the same arguments
/// always give byte-identical files. A file already holding the right bytes is not rewritten, so
/// repeated calls leave timestamps alone; new content goes to a temporary file that is then renamed.
/// Each method returns the card's path.
/// </summary>
public static class SampleModels
{
    /// <summary>Bumped whenever generation changes what any model's bytes are for a given seed.</summary>
    public const int GeneratorVersion = 1;

    public const int DefaultSeed = 7;

    public const string TinyCnnId = TinyCnnModel.Id;

    public const string ResNet50Layer3Id = ResNet50Layer3Model.Id;

    public const string LinearHeadId = "linear-slide-head";

    public const string FixedBatchId = "fixed-batch-encoder";

    public const string SlideHeadKind = "slide-head";

    public const string TileHeadKind = "tile-head";

    public const string CardFileSuffix = SampleModelCard.FileSuffix;

    /// <summary>
    /// tiny-cnn-encoder: input "input" [N,3,224,224] → three stride-2 3×3 convolutions with Relu
    /// (16, 32, 64 channels) → global average pool → "features" [N,64]. About 34M multiply-accumulates a tile.
    /// </summary>
    public static string WriteTinyCnn(string directory, int seed = DefaultSeed) => Write(directory, TinyCnnModel.Build(seed));

    /// <summary>
    /// resnet50-layer3-encoder: the ResNet-50 trunk through layer3 (CLAM's feature extractor) with
    /// random weights, input "input" [N,3,224,224] → "features" [N,1024]. About 34 MB; for throughput benchmarks.
    /// </summary>
    public static string WriteResNet50Layer3(string directory, int seed = DefaultSeed) => Write(directory, ResNet50Layer3Model.Build(seed));

    /// <summary>Makes sure both encoders are in <paramref name="directory"/> at the default seed; returns their card paths.</summary>
    public static IReadOnlyList<string> EnsureAll(string directory) => [WriteTinyCnn(directory), WriteResNet50Layer3(directory)];

    /// <summary>
    /// An ONNX head, input "embedding" [N,inputDim] → Gemm → "scores" [N,outputNames.Count], whose
    /// weights are <see cref="LinearHeadWeights(int, int, int)"/> for the same arguments.
    /// <paramref name="kind"/> is <see cref="SlideHeadKind"/> or <see cref="TileHeadKind"/>.
    /// </summary>
    public static string WriteLinearHeadOnnx(
        string directory, int inputDim, IReadOnlyList<string> outputNames, string id = LinearHeadId, string kind = SlideHeadKind, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(outputNames);
        if (outputNames.Count == 0 || outputNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A head needs at least one output, each with a name.", nameof(outputNames));
        }

        if (kind is not (SlideHeadKind or TileHeadKind))
        {
            throw new ArgumentException($"A head's kind is {SlideHeadKind} or {TileHeadKind}, not {kind}.", nameof(kind));
        }

        return Write(directory, LinearHeadModel.Build(CheckId(id), kind, inputDim, outputNames, seed));
    }

    /// <summary>The weights <see cref="WriteLinearHeadOnnx"/> writes for these arguments, to compute expected scores.</summary>
    public static LinearHeadWeights LinearHeadWeights(int inputDim, int outputCount, int seed = DefaultSeed) =>
        LinearHeadModel.Weights(inputDim, outputCount, seed);

    /// <summary>
    /// A tile encoder ("input" [N,3,224,224] → "features" [N,3]) that runs only when N is
    /// <paramref name="batch"/> or 1: any other batch size fails in ONNX Runtime with a broadcasting error.
    /// </summary>
    public static string WriteFixedBatchModel(string directory, int batch = 4, string id = FixedBatchId) =>
        Write(directory, FixedBatchModel.Build(CheckId(id), batch));

    /// <summary>A tile encoder that returns zeros at almost no cost: the cluster's overhead without inference.</summary>
    public static string WriteNullEncoder(string directory, string id = "null-encoder") => Write(directory, NullEncoderModel.Build(CheckId(id)));

    /// <summary>Where the card of model <paramref name="id"/> lies in <paramref name="directory"/>.</summary>
    public static string CardPath(string directory, string id) => Path.Combine(Path.GetFullPath(directory), CheckId(id) + CardFileSuffix);

    private static string Write(string directory, GeneratedModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);
        // Model first: a card never points at a model that is not there yet.
        WriteIfChanged(Path.Combine(folder, model.Card.File), model.Bytes);
        var cardPath = CardPath(folder, model.Card.Id);
        WriteIfChanged(cardPath, Encoding.UTF8.GetBytes(model.Card.ToJson()));
        return cardPath;
    }

    private static void WriteIfChanged(string path, byte[] content)
    {
        if (HasContent(path, content))
        {
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool HasContent(string path, byte[] content)
    {
        const int ChunkSize = 1 << 20;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (stream.Length != content.Length)
            {
                return false;
            }

            var chunk = new byte[Math.Min(ChunkSize, content.Length)];
            for (var offset = 0; offset < content.Length; offset += chunk.Length)
            {
                var count = Math.Min(chunk.Length, content.Length - offset);
                stream.ReadExactly(chunk, 0, count);
                if (!chunk.AsSpan(0, count).SequenceEqual(content.AsSpan(offset, count)))
                {
                    return false;
                }
            }

            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static string CheckId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (id != Path.GetFileName(id) || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id.StartsWith('.'))
        {
            throw new ArgumentException($"A model id becomes a file name, so it cannot be {id}.", nameof(id));
        }

        return id;
    }
}
