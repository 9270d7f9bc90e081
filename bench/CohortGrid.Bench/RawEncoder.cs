using Microsoft.ML.OnnxRuntime;

namespace CohortGrid.Bench;

/// <summary>
/// Plain ONNX Runtime on a model with a pre-filled batch and pre-allocated output: the ceiling that
/// the batcher and the end-to-end pipeline are compared with. Same session options as the product
/// (all graph optimisations, one intra-op thread per core).
/// </summary>
internal sealed class RawEncoder : IDisposable
{
    public static readonly int Threads = Environment.ProcessorCount;

    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public RawEncoder(string modelPath, string outputName, int batch)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(modelPath, options);
        _inputNames = [_session.InputMetadata.Keys.Single()];
        _outputNames = [outputName];
        Batch = batch;
        var dims = _session.InputMetadata[_inputNames[0]].Dimensions;
        long[] shape = [batch, .. dims.Skip(1).Select(d => (long)d)];
        var data = BenchTiles.Random(batch, (int)shape.Skip(1).Aggregate(1L, (a, b) => a * b), seed: 1);
        _input = OrtValue.CreateTensorValueFromMemory(data, shape);
        var outputDim = _session.OutputMetadata[outputName].Dimensions[^1];
        _output = OrtValue.CreateTensorValueFromMemory(new float[batch * outputDim], [batch, outputDim]);
        RunBatch(); // warm-up
    }

    public int Batch { get; }

    public int RunBatch()
    {
        using var runOptions = new RunOptions();
        _session.Run(runOptions, _inputNames, [_input], _outputNames, [_output]);
        return Batch;
    }

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }
}
