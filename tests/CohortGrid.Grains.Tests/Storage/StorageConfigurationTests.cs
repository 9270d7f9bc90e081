using CohortGrid.Grains.Persistence;
using CohortGrid.Storage;
using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CohortGrid.Grains.Tests.Storage;

public sealed class StorageConfigurationTests
{
    [Fact]
    public void Storage_keys_come_from_environment_variables_as_in_a_container()
    {
        // A prefix keeps the test's variables away from the rest of the process; the keys are the ones a pod sets.
        const string Prefix = "COHORTGRID_TEST_STORAGE_";
        var variables = new Dictionary<string, string>
        {
            [$"{Prefix}Storage__Kind"] = "AzureBlob",
            [$"{Prefix}Storage__AccountUrl"] = "https://cohortacct.blob.core.windows.net",
            [$"{Prefix}Storage__ResultsContainer"] = "crc-results",
            [$"{Prefix}Storage__SlideContainers__0"] = "tcga",
            [$"{Prefix}Storage__SlideCacheGigabytes"] = "12.5",
            [$"{Prefix}Storage__Resilience__MaxAttempts"] = "4",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build();

            var storage = CohortGridOptions.Load(configuration).Storage;

            Assert.Equal(StorageKind.AzureBlob, storage.Kind);
            Assert.Equal("https://cohortacct.blob.core.windows.net", storage.AccountUrl);
            Assert.Equal("crc-results", storage.ResultsContainer);
            Assert.Equal("grainstate", storage.StateContainer);
            Assert.Equal(["tcga"], storage.SlideContainers);
            Assert.Equal(12.5, storage.SlideCacheGigabytes);
            Assert.Equal(4, storage.Resilience.MaxAttempts);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void Azure_storage_without_a_connection_string_or_account_url_fails_naming_the_keys()
    {
        var configuration = Configuration(("Storage:Kind", "AzureBlob"));

        var error = Assert.Throws<InvalidOperationException>(() => CohortGridOptions.Load(configuration));

        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:AccountUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resilience_setting_out_of_range_fails_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CohortGridOptions.Load(Configuration(("Storage:Resilience:MaxAttempts", "0"))));

        Assert.Contains("Storage:Resilience:MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_connection_string_is_refused_without_echoing_it()
    {
        const string Secret = "AccountName=cohortacct;AccountKey=c2VjcmV0LWtleS1kby1ub3QtbG9n;Garbage";
        var storage = new StorageOptions { Kind = StorageKind.AzureBlob, ConnectionString = Secret };

        var error = Assert.ThrowsAny<Exception>(() => BlobStoreFactory.Create(storage, Path.GetTempPath(), NullLoggerFactory.Instance));

        Assert.DoesNotContain("c2VjcmV0LWtleS1kby1ub3QtbG9n", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not shown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_local_store_is_a_folder_under_the_data_directory_and_azure_is_wrapped_in_retries()
    {
        using var data = new CohortGrid.Testing.TempDirectory();

        var local = BlobStoreFactory.Create(new StorageOptions(), data.Path, NullLoggerFactory.Instance);
        var azure = BlobStoreFactory.Create(
            new StorageOptions { Kind = StorageKind.AzureBlob, AccountUrl = "https://cohortacct.blob.core.windows.net" },
            data.Path,
            NullLoggerFactory.Instance);

        Assert.Equal(Path.GetFullPath(data.Path), Assert.IsType<FileBlobStore>(local.Store).RootDirectory);
        Assert.Null(local.AccountUri);
        Assert.IsType<ResilientBlobStore>(azure.Store);
        Assert.Equal(new Uri("https://cohortacct.blob.core.windows.net/"), azure.AccountUri);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
