namespace CohortGrid.Storage;

/// <summary>
/// Where a cluster keeps results and grain state, and where blob slides come from (configuration section
/// <c>Storage</c>; in containers the same keys as environment variables, e.g. <c>Storage__Kind=AzureBlob</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><see cref="StorageKind.Local"/> (a folder; the embedded default) or <see cref="StorageKind.AzureBlob"/>.</summary>
    public StorageKind Kind { get; set; } = StorageKind.Local;

    /// <summary>
    /// Azure Storage connection string (account key or SAS). A secret: give it through an environment variable or a
    /// Kubernetes secret, never a committed file. Either this or <see cref="AccountUrl"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint such as <c>https://acct.blob.core.windows.net</c>, used with <c>DefaultAzureCredential</c> (managed or workload identity).</summary>
    public string? AccountUrl { get; set; }

    /// <summary>Folder of the local store; defaults to the cluster's data folder (<c>{data}/results</c>, <c>{data}/grainstate</c>).</summary>
    public string? LocalRoot { get; set; }

    /// <summary>Container for cohort results and the feature cache.</summary>
    public string ResultsContainer { get; set; } = "results";

    /// <summary>Container for grain state (one blob per grain).</summary>
    public string StateContainer { get; set; } = "grainstate";

    /// <summary>Containers blob slides (<c>az://container/name</c>) may come from; empty allows any container of the account.</summary>
    public IList<string> SlideContainers { get; init; } = [];

    /// <summary>Local folder for downloaded blob slides; defaults to <c>{data}/slide-cache</c>.</summary>
    public string? SlideCacheDirectory { get; set; }

    /// <summary>Size the slide cache is kept under, in GiB.</summary>
    public double SlideCacheGigabytes { get; set; } = 50;

    /// <summary>Retries, per-attempt timeouts and circuit breaker around every Azure call (section <c>Storage:Resilience</c>).</summary>
    public Blobs.BlobStoreResilienceOptions Resilience { get; init; } = new();

    /// <summary>Throws when the settings cannot work, naming the key to fix; never echoes the connection string.</summary>
    public void Validate()
    {
        if (Kind == StorageKind.AzureBlob && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountUrl))
        {
            throw new InvalidOperationException("Storage:Kind is AzureBlob, but neither Storage:ConnectionString nor Storage:AccountUrl is set.");
        }

        if (!string.IsNullOrWhiteSpace(AccountUrl) && !Uri.TryCreate(AccountUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"Storage:AccountUrl '{AccountUrl}' is not an absolute URL (e.g. https://myaccount.blob.core.windows.net).");
        }

        if (!(SlideCacheGigabytes > 0))
        {
            throw new InvalidOperationException("Storage:SlideCacheGigabytes must be a positive number of GiB.");
        }

        try
        {
            Resilience.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidOperationException($"Storage:Resilience:{e.ParamName} is out of range: {e.Message}", e);
        }
    }
}

/// <summary>Which blob store a cluster uses.</summary>
public enum StorageKind
{
    /// <summary>A local or shared folder.</summary>
    Local,

    /// <summary>Azure Blob Storage (or Azurite).</summary>
    AzureBlob,
}
