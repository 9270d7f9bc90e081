using Microsoft.Extensions.Configuration;

namespace CohortGrid.Grains;

/// <summary>Cluster settings (configuration section "CohortGrid").</summary>
public sealed class CohortGridOptions
{
    public const string Section = "CohortGrid";

    /// <summary>
    /// The settings of sections "CohortGrid" and "Storage" (environment variables such as <c>Storage__Kind</c> arrive
    /// through the host's configuration), then <c>COHORTGRID_DATA</c>, then <paramref name="configure"/>; validated.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting cannot work; the message names its key.</exception>
    public static CohortGridOptions Load(IConfiguration configuration, Action<CohortGridOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new CohortGridOptions();
        configuration.GetSection(Section).Bind(options);
        if (Environment.GetEnvironmentVariable("COHORTGRID_DATA") is { Length: > 0 } data)
        {
            options.DataDirectory = data;
        }

        configuration.GetSection(CohortGrid.Storage.StorageOptions.Section).Bind(options.Storage);
        configure?.Invoke(options);
        options.Storage.Validate();
        return options;
    }

    /// <summary>Where results and cached features go (env COHORTGRID_DATA).</summary>
    public string DataDirectory { get; set; } = "cohortgrid-data";

    /// <summary>Folder of model cards (<c>*.card.json</c>) GPU silos load encoders from.</summary>
    public string ModelsDirectory { get; set; } = "models";

    /// <summary>Accelerator GPU silos ask ONNX Runtime for (falls back to CPU, saying why).</summary>
    public CohortGrid.Inference.ExecutionProviderKind ExecutionProvider { get; set; } = CohortGrid.Inference.ExecutionProviderKind.Auto;

    /// <summary>Encoder used when a submission names none.</summary>
    public string DefaultEncoderId { get; set; } = "tiny-cnn-encoder";

    /// <summary>
    /// Folders local slides may be read from; a manifest location outside them is rejected before any work starts.
    /// When none is configured: <c>{data}/slides</c> and <c>{data}/sample</c>.
    /// </summary>
    public IList<string> AllowedRoots { get; init; } = [];

    /// <summary>Results, grain state and blob slides (configuration section "Storage", not "CohortGrid:Storage").</summary>
    public CohortGrid.Storage.StorageOptions Storage { get; init; } = new();

    /// <summary>The allowed roots in effect (see <see cref="AllowedRoots"/>).</summary>
    public IReadOnlyList<string> EffectiveAllowedRoots() => AllowedRoots.Count > 0
        ? [.. AllowedRoots]
        : [Path.Combine(Path.GetFullPath(DataDirectory), "slides"), Path.Combine(Path.GetFullPath(DataDirectory), "sample")];

    /// <summary>Slides of one cohort processed at the same time.</summary>
    public int MaxConcurrentSlides { get; set; } = 4;

    /// <summary>Tiles per tile grain call (one accelerator batch).</summary>
    public int TilesPerBatch { get; set; } = 32;

    /// <summary>Tile batches of one slide in flight at once (keeps the GPU fed without flooding it).</summary>
    public int BatchesInFlightPerSlide { get; set; } = 3;

    /// <summary>A running slide with no sign of life for this long is restarted.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a slide grain keeps sending a tile batch again while its GPU silo is unreachable (stopped, crashed, not
    /// yet declared dead by the membership): long enough to outlast failure detection, so losing a silo never fails a slide.
    /// </summary>
    public TimeSpan BatchRetryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a cohort checks its slides.</summary>
    public TimeSpan SupervisionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per slide before it is marked failed (silo loss, stalls).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Threads of CPU inference (ONNX Runtime intra-op). 0: all cores but one, so a silo that co-hosts the API keeps a
    /// core to answer status polls while it embeds (measured: status p99 under load fell about fourfold); at least 1.
    /// </summary>
    public int InferenceThreads { get; set; }

    /// <summary>Tile batches read and preprocessed at once on a silo. 0: all cores but one (at least 1), for the same reason.</summary>
    public int TilePreparationConcurrency { get; set; }

    /// <summary>Cores left to the rest of the silo when <see cref="InferenceThreads"/> or <see cref="TilePreparationConcurrency"/> is 0.</summary>
    public static int AllButOneCore => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Open slide handles kept per silo.</summary>
    public int SlideHandleCacheSize { get; set; } = 16;
}
