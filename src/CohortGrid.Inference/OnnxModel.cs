using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CohortGrid.Inference;

/// <summary>
/// An ONNX model checked against its card and ready to run. Inputs and outputs are bound as
/// OrtValues over the caller's pinned memory, so a run copies nothing on the CPU provider and the
/// embeddings land directly in the caller's buffer. Thread-safe (InferenceSession.Run is).
/// </summary>
public sealed class OnnxModel : IBatchModel
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _rowShape;
    private readonly bool _fp16Output;

    private OnnxModel(ModelCard card, InferenceSession session, string provider, string providerReason, bool fp16Output)
    {
        Card = card;
        _session = session;
        Provider = provider;
        ProviderReason = providerReason;
        _fp16Output = fp16Output;
        _inputNames = [card.Input!];
        _outputNames = [card.Output!];
        _rowShape = card.Kind == ModelKind.TileEncoder ? [3, card.InputSize!.Value, card.InputSize.Value] : [card.InputDim!.Value];
    }

    public ModelCard Card { get; }

    public int InputRowLength => Card.InputRowLength;

    public int OutputRowLength => Card.EmbeddingDim;

    public string Provider { get; }

    /// <summary>Why this provider runs the model (e.g. why CUDA was not used).</summary>
    public string ProviderReason { get; }

    /// <summary>Loads the card's model, choosing the execution provider and validating the graph against the card.</summary>
    public static OnnxModel Load(ModelCard card, InferenceOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        options ??= InferenceOptions.Default;
        logger ??= NullLogger.Instance;
        if (card.Format != ModelFormat.Onnx)
        {
            throw new ModelCardException(card.CardPath, "format", "is not onnx; load linear heads with ModelLoader.");
        }

        var path = card.ModelPath;
        if (!File.Exists(path))
        {
            throw new ModelCardException(card.CardPath, "file", $"points to '{path}', which does not exist.");
        }

        var (session, provider, reason) = CreateSession(card, path, options, logger);
        try
        {
            Validate(card, session);
            var model = new OnnxModel(card, session, provider, reason, options.Fp16Output);
            if (options.WarmUp)
            {
                model.WarmUp();
            }

            InferenceLog.ProviderChosen(logger, card.Id, card.Version, provider, reason);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (input.Length < rows * InputRowLength || output.Length < rows * OutputRowLength)
        {
            throw new ArgumentException($"Buffers hold {input.Length} input and {output.Length} output floats; {rows} rows need {rows * InputRowLength} and {rows * OutputRowLength}.");
        }

        long[] inputShape = [rows, .. _rowShape];
        long[] outputShape = [rows, OutputRowLength];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(input[..(rows * InputRowLength)]), inputShape);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output[..(rows * OutputRowLength)], outputShape);
        using var runOptions = new RunOptions();
        try
        {
            _session.Run(runOptions, _inputNames, [inputValue], _outputNames, [outputValue]);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InferenceException(Card.Id, ex.Message, ex);
        }

        if (_fp16Output)
        {
            RoundToHalf(output.Span[..(rows * OutputRowLength)]);
        }
    }

    public void Dispose() => _session.Dispose();

    private static (InferenceSession Session, string Provider, string Reason) CreateSession(ModelCard card, string path, InferenceOptions options, ILogger logger)
    {
        var reasons = new List<string>();
        foreach (var kind in ExecutionProviders.Candidates(options.Provider))
        {
            if (options.Provider == ExecutionProviderKind.Auto && !ExecutionProviders.IsCompiledIn(kind))
            {
                continue;
            }

            using var accelerated = BaseOptions(options);
            var refusal = ExecutionProviders.TryAppend(accelerated, kind, options.DeviceId);
            if (refusal is null)
            {
                try
                {
                    return (new InferenceSession(path, accelerated), ExecutionProviders.Display(kind), $"{ExecutionProviders.Display(kind)} requested as {options.Provider}");
                }
                catch (OnnxRuntimeException ex)
                {
                    refusal = $"{ExecutionProviders.Display(kind)} session failed: {ex.Message}";
                }
            }

            // Auto quietly prefers accelerators; an explicit request that cannot be met is worth a warning.
            if (options.Provider != ExecutionProviderKind.Auto)
            {
                InferenceLog.ProviderFallback(logger, card.Id, ExecutionProviders.Display(kind), refusal);
            }

            reasons.Add(refusal);
        }

        using var cpu = BaseOptions(options);
        try
        {
            var reason = reasons.Count > 0 ? $"CPU fallback: {string.Join("; ", reasons)}"
                : options.Provider == ExecutionProviderKind.Auto ? "auto: this ONNX Runtime build has no GPU provider"
                : "CPU requested";
            return (new InferenceSession(path, cpu), "CPU", reason);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(path, $"{ex.Message} (the file has {new FileInfo(path).Length} bytes; a truncated or corrupt download is the usual cause).", ex);
        }
    }

    // Intra-op threads keep ORT's default spin-wait: turning it off measured 15-25% slower here, also
    // end to end where tile reading shares the cores.
    private static SessionOptions BaseOptions(InferenceOptions options) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        IntraOpNumThreads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount,
        InterOpNumThreads = 1,
    };

    private static void Validate(ModelCard card, InferenceSession session)
    {
        if (!session.InputMetadata.TryGetValue(card.Input!, out var input))
        {
            throw new ModelCardException(card.CardPath, "input", $"is '{card.Input}', but the model's inputs are: {string.Join(", ", session.InputMetadata.Keys)}.");
        }

        if (input.ElementDataType != TensorElementType.Float)
        {
            throw new ModelCardException(card.CardPath, "input", $"'{card.Input}' holds {input.ElementDataType} values; CohortGrid feeds float32.");
        }

        long[] expected = card.Kind == ModelKind.TileEncoder ? [-1, 3, card.InputSize!.Value, card.InputSize.Value] : [-1, card.InputDim!.Value];
        if (!ShapeAccepts(input.Dimensions, expected))
        {
            var what = card.Kind == ModelKind.TileEncoder ? $"a tile encoder takes images [N,3,{card.InputSize},{card.InputSize}]" : $"a head takes rows [N,{card.InputDim}]";
            throw new ModelCardException(card.CardPath, card.Kind == ModelKind.TileEncoder ? "inputSize" : "inputDim", $"does not fit input '{card.Input}' of shape {Format(input.Dimensions)}: {what}.");
        }

        if (!session.OutputMetadata.TryGetValue(card.Output!, out var output))
        {
            throw new ModelCardException(card.CardPath, "output", $"is '{card.Output}', but the model's outputs are: {string.Join(", ", session.OutputMetadata.Keys)}.");
        }

        if (output.ElementDataType != TensorElementType.Float)
        {
            throw new ModelCardException(card.CardPath, "output", $"'{card.Output}' holds {output.ElementDataType} values; CohortGrid reads float32.");
        }

        var dims = output.Dimensions;
        if (dims.Length != 2 || (dims[1] > 0 && dims[1] != card.EmbeddingDim))
        {
            throw new ModelCardException(card.CardPath, "embeddingDim", $"is {card.EmbeddingDim}, but output '{card.Output}' has shape {Format(dims)}.");
        }
    }

    private static bool ShapeAccepts(int[] actual, long[] expected) =>
        actual.Length == expected.Length && actual.Zip(expected).All(p => p.First <= 0 || p.Second <= 0 || p.First == p.Second);

    private static string Format(int[] dims) =>
        "[" + string.Join(",", dims.Select(d => d <= 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private void WarmUp()
    {
        var input = new float[InputRowLength];
        var output = new float[OutputRowLength];
        try
        {
            Run(input, 1, output);
        }
        catch (InferenceException ex)
        {
            throw new ModelCardException(Card.CardPath, "embeddingDim", $"or the input shape disagrees with what the model computes: a warm-up run of one row failed: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    private static void RoundToHalf(Span<float> values)
    {
        var half = ArrayPool<Half>.Shared.Rent(values.Length);
        try
        {
            TensorPrimitives.ConvertToHalf(values, half);
            TensorPrimitives.ConvertToSingle(half.AsSpan(0, values.Length), values);
        }
        finally
        {
            ArrayPool<Half>.Shared.Return(half);
        }
    }
}
