namespace CohortGrid.Inference;

/// <summary>
/// A model that maps rows to rows: tiles to embeddings, slide vectors to risks, tile embeddings to
/// gene scores. The batcher runs any of them. Implementations are thread-safe.
/// </summary>
public interface IBatchModel : IDisposable
{
    ModelCard Card { get; }

    /// <summary>Floats per input row.</summary>
    int InputRowLength { get; }

    /// <summary>Floats per output row.</summary>
    int OutputRowLength { get; }

    /// <summary>Execution provider that runs the model ("CPU", "CUDA", "TensorRT", "managed" for linear heads).</summary>
    string Provider { get; }

    /// <summary>Runs <paramref name="rows"/> rows of <paramref name="input"/> and writes their outputs into <paramref name="output"/>.</summary>
    void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output);
}
