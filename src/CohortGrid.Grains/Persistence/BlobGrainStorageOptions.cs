using Orleans.Storage;

namespace CohortGrid.Grains.Persistence;

/// <summary>Settings of one <see cref="BlobGrainStorage"/> provider (named options, by provider name).</summary>
public sealed class BlobGrainStorageOptions : IStorageProviderSerializerOptions
{
    public const string DefaultContainer = "grainstate";

    /// <summary>Blob container holding the state blobs; Azure container rules apply.</summary>
    public string Container { get; set; } = DefaultContainer;

    /// <summary>Defaults to the serializer registered under the provider's name, else the silo's default (Orleans JSON).</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
