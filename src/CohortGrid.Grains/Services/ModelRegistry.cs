using System.Collections.Concurrent;
using CohortGrid.Inference;
using CohortGrid.Inference.Batching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Silo-local encoders: each model is loaded once per silo with one batcher that every tile grain on
/// the silo shares, so batches fill up across slides.
/// </summary>
public sealed class ModelRegistry(IOptions<CohortGridOptions> options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<InferenceBatcher>> _batchers = new(StringComparer.Ordinal);

    public IEnumerable<InferenceBatcher> Loaded => _batchers.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    /// <summary>The batcher of encoder <paramref name="id"/>, loading <c>{ModelsDirectory}/{id}.card.json</c> on first use.</summary>
    public InferenceBatcher Get(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal) || id.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Encoder id '{id}' is not a plain model name.", nameof(id));
        }

        var lazy = _batchers.GetOrAdd(id, key => new Lazy<InferenceBatcher>(() => Load(key), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _batchers.TryRemove(id, out _);
            throw;
        }
    }

    /// <summary>Card of encoder <paramref name="id"/> without loading the model.</summary>
    public ModelCard Card(string id) => ModelCard.Load(CardPath(id));

    public async ValueTask DisposeAsync()
    {
        foreach (var batcher in Loaded)
        {
            await batcher.DisposeAsync().ConfigureAwait(false);
            batcher.Model.Dispose();
        }
    }

    private string CardPath(string id) => Path.Combine(Path.GetFullPath(options.Value.ModelsDirectory), id + ModelCard.FileSuffix);

    private InferenceBatcher Load(string id)
    {
        var model = ModelLoader.Load(CardPath(id), new InferenceOptions
        {
            Provider = options.Value.ExecutionProvider,
            IntraOpThreads = options.Value.InferenceThreads > 0 ? options.Value.InferenceThreads : CohortGridOptions.AllButOneCore,
        }, loggers.CreateLogger("CohortGrid.Inference"));
        return new InferenceBatcher(model, new BatcherOptions { MaxBatchSize = Math.Max(1, options.Value.TilesPerBatch) }, loggers.CreateLogger<InferenceBatcher>());
    }
}
