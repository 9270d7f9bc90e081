using Microsoft.Extensions.Options;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Bounds how many tile batches a silo reads and preprocesses at once (<see cref="CohortGridOptions.TilePreparationConcurrency"/>).
/// Unbounded, every slide's batches prepare in parallel and take every core, and a co-hosted API's status polls wait
/// hundreds of milliseconds behind them; the encoder is fed just as well from fewer workers.
/// </summary>
public sealed class TilePreparationGate(IOptions<CohortGridOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(
        options.Value.TilePreparationConcurrency > 0 ? options.Value.TilePreparationConcurrency : CohortGridOptions.AllButOneCore);

    /// <summary>Runs <paramref name="prepare"/> on the thread pool once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> prepare)
    {
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            return await Task.Run(prepare).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
