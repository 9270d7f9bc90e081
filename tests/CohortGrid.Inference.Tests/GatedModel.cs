namespace CohortGrid.Inference.Tests;

/// <summary>
/// A real model (a linear head) whose runs wait at a gate the test opens, so tests can hold the
/// batcher mid-run and look at queueing, coalescing, back-pressure and cancellation deterministically.
/// </summary>
internal sealed class GatedModel(IBatchModel inner) : IBatchModel
{
    private readonly SemaphoreSlim _gate = new(0);
    private int _waiting;

    public ModelCard Card => inner.Card;

    public int InputRowLength => inner.InputRowLength;

    public int OutputRowLength => inner.OutputRowLength;

    public string Provider => inner.Provider;

    /// <summary>Runs currently held at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static GatedModel Head(int inputDim) =>
        new(LinearHead.Create("gated", "1", ModelKind.TileHead, [[.. Enumerable.Repeat(1f, inputDim)], [.. Enumerable.Range(0, inputDim).Select(i => (float)i)]], [0f, 1f], ["sum", "weighted"]));

    public void Open(int runs = int.MaxValue / 2) => _gate.Release(runs);

    public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output)
    {
        Interlocked.Increment(ref _waiting);
        // A test that fails before opening the gate must fail, not hang the batcher's shutdown.
        var opened = _gate.Wait(TimeSpan.FromSeconds(10));
        Interlocked.Decrement(ref _waiting);
        if (!opened)
        {
            throw new TimeoutException("The test never opened the gate.");
        }

        inner.Run(input, rows, output);
    }

    public void Dispose()
    {
        inner.Dispose();
        _gate.Dispose();
    }
}
