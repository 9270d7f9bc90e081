using System.Net;
using System.Net.Sockets;
using Azure.Identity;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing.Azurite;

namespace CohortGrid.Storage.Tests.Blobs;

/// <summary>
/// The conformance suite on <see cref="AzureBlobStore"/> against a real Azurite, plus how it reports failures: with
/// the blob's name and the status, and never with a credential.
/// </summary>
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreConformanceTests, IClassFixture<AzuriteFixture>
{
    private readonly string _container = AzuriteFixture.NewContainerName("conformance");
    private AzureBlobStore? _store;

    protected override IBlobStore Store => _store ??= new AzureBlobStore(azurite.Server.ConnectionString);

    protected override string Container => _container;

    [Fact]
    public async Task A_wrong_account_key_is_a_403_reported_at_once_naming_the_blob_without_any_key()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());
        var connectionString = azurite.Server.ConnectionStringWithKey(wrongKey);
        var store = new AzureBlobStore(connectionString);

        var write = await Assert.ThrowsAsync<BlobStoreException>(() => store.WriteAsync(Container, "cohorts/c1/status.json", Bytes("{}"), BlobCondition.None, Cancellation));
        var read = await Assert.ThrowsAsync<BlobStoreException>(() => store.ReadAsync(Container, "cohorts/c1/status.json", Cancellation));

        foreach (var error in new[] { write, read })
        {
            Assert.Equal(403, error.Status);
            Assert.False(error.IsTransient);
            Assert.Equal(Container, error.Container);
            Assert.Equal("cohorts/c1/status.json", error.BlobName);
            Assert.Contains("'cohorts/c1/status.json'", error.Message, StringComparison.Ordinal);
            Assert.Contains("403", error.Message, StringComparison.Ordinal);
            Assert.Contains(error.ErrorCode!, error.Message, StringComparison.Ordinal);
            Assert.Null(error.InnerException);
            AssertNoSecret(error.ToString(), wrongKey, connectionString);
        }
    }

    [Theory]
    [InlineData("not a connection string, secret-value-7f3a")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=secret-value-7f3a!!;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;")]
    [InlineData("AccountKey=secret-value-7f3a")]
    [InlineData("BlobEndpoint=not a url secret-value-7f3a;SharedAccessSignature=sv=2020&sig=secret-value-7f3a")]
    public void An_invalid_connection_string_is_rejected_without_echoing_it(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => new AzureBlobStore(connectionString));

        Assert.StartsWith("Storage connection string is not valid (value not shown)", error.Message, StringComparison.Ordinal);
        Assert.Equal("connectionString", error.ParamName);
        Assert.Null(error.InnerException);
        AssertNoSecret(error.ToString(), "secret-value-7f3a", connectionString);
    }

    [Fact]
    public void The_account_url_and_credential_constructors_build_without_the_network()
    {
        var accountUrl = new Uri("https://cohortgridtest.blob.core.windows.net");

        var withCredential = new AzureBlobStore(accountUrl, new DefaultAzureCredential());
        var withDefault = AzureBlobStore.WithDefaultCredential(accountUrl, AzureBlobStore.CreateClientOptions());

        Assert.Equal("cohortgridtest", withCredential.AccountName);
        Assert.Equal("cohortgridtest", withDefault.AccountName);
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(new Uri("/relative", UriKind.Relative), new DefaultAzureCredential()));
    }

    [Fact]
    public async Task No_answer_from_the_endpoint_is_a_transient_failure_naming_the_blob()
    {
        var closedPort = FreePort();
        var store = new AzureBlobStore($"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{closedPort}/{AzuriteServer.AccountName};");

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.ReadAsync(Container, "a.json", Cancellation));

        Assert.True(error.IsTransient);
        Assert.Equal(0, error.Status);
        Assert.Equal("a.json", error.BlobName);
        Assert.Contains("no response", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        AssertNoSecret(error.ToString(), AzuriteServer.AccountKey, "AccountKey");
    }

    [Fact]
    public async Task Etags_keep_one_form_across_writes_listings_and_conditions()
    {
        var written = await Store.WriteAsync(Container, "a.json", Bytes("v1"), BlobCondition.None, Cancellation);
        var listed = Assert.Single(await ListAsync(null)).ETag;

        var bare = written.Trim('"');
        var replaced = await Store.WriteAsync(Container, "a.json", Bytes("v2"), BlobCondition.IfMatch(bare), Cancellation);

        Assert.Equal(written, listed);
        Assert.StartsWith("\"", written, StringComparison.Ordinal);
        Assert.Equal(replaced, (await Store.GetPropertiesAsync(Container, "a.json", Cancellation))!.ETag);
    }

    private static void AssertNoSecret(string text, params string[] secrets)
    {
        foreach (var secret in secrets.Append(AzuriteServer.AccountKey).Append("AccountKey=").Append("sig="))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
