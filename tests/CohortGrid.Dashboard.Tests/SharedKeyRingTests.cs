using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CohortGrid.Contracts;
using CohortGrid.Dashboard.Auth;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing;
using CohortGrid.Testing.Azurite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CohortGrid.Dashboard.Tests;

/// <summary>
/// Dashboard sign-in across hosts: the Data Protection key ring lives in the cluster's store, so a cookie (and a
/// sign-in form) issued by one API replica is good on another and on a restarted one.
/// </summary>
public sealed partial class SharedKeyRingTests
{
    private const string AuthCookie = "cohortgrid.auth";

    [Fact]
    public async Task A_cookie_issued_by_one_host_is_accepted_by_another_host_of_the_same_cluster()
    {
        using var data = new TempDirectory("cohortgrid-keyring");
        await using var silo = KeyRingHost.Silo(data.Path);
        await using var replica = KeyRingHost.ApiReplica(silo);
        var browser = new Browser();

        await SignInAsync(browser, formFrom: silo, postTo: silo);

        await AssertSignedInAsync(browser, replica);
        using var api = await browser.SendAsync(replica, new HttpRequestMessage(HttpMethod.Get, "/api/cohorts"));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_form_served_by_one_host_can_be_posted_to_another()
    {
        using var data = new TempDirectory("cohortgrid-keyring");
        await using var silo = KeyRingHost.Silo(data.Path);
        await using var replica = KeyRingHost.ApiReplica(silo);
        var browser = new Browser();

        // The antiforgery cookie and token come from the replica; the silo must accept them.
        await SignInAsync(browser, formFrom: replica, postTo: silo);

        await AssertSignedInAsync(browser, replica);
        await AssertSignedInAsync(browser, silo);
    }

    [Fact]
    public async Task A_restarted_host_keeps_the_sign_in_and_makes_no_new_key()
    {
        using var data = new TempDirectory("cohortgrid-keyring");
        var browser = new Browser();
        await using (var before = KeyRingHost.Silo(data.Path))
        {
            await SignInAsync(browser, formFrom: before, postTo: before);
        }

        await using var after = KeyRingHost.Silo(data.Path);
        await AssertSignedInAsync(browser, after);

        // The local store keeps the ring in the grain state container, beside the grains' own blobs.
        var keys = Directory.GetFiles(Path.Combine(data.Path, "grainstate", "dataprotection", "keys"), "*.xml");
        Assert.Single(keys);
    }

    private static async Task SignInAsync(Browser browser, KeyRingHost formFrom, KeyRingHost postTo)
    {
        using var form = await browser.SendAsync(formFrom, new HttpRequestMessage(HttpMethod.Get, "/signin"));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(token.Success, "The sign-in page has no antiforgery token.");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Key"] = ApiFactory.Key,
                ["ReturnUrl"] = "/",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["token"].Value),
            }),
        };
        using var signedIn = await browser.SendAsync(postTo, post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.True(browser.Has(AuthCookie), "No sign-in cookie was issued.");
    }

    private static async Task AssertSignedInAsync(Browser browser, KeyRingHost host)
    {
        using var page = await browser.SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/"));

        // Signed out, the page would redirect to /signin.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in as tester", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="(?<token>[^"]+)"\s*""")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Carries cookies from host to host, as a browser behind a load balancer without affinity would.</summary>
    private sealed class Browser
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public bool Has(string name) => _cookies.ContainsKey(name);

        public async Task<HttpResponseMessage> SendAsync(KeyRingHost host, HttpRequestMessage request)
        {
            using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                if (value.Length == 0)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }

            return response;
        }
    }
}

/// <summary>
/// The real host in process over a given data folder: a single-node silo, or (<see cref="ApiReplica"/>) the API role
/// alone as an Orleans client of that silo, like a second dashboard pod.
/// </summary>
public sealed class KeyRingHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private KeyRingHost(string dataDirectory, Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(Path.Combine(dataDirectory, "models"));
        _settings = new Dictionary<string, string?>(settings)
        {
            ["CohortGrid:DataDirectory"] = dataDirectory,
            ["CohortGrid:ModelsDirectory"] = Path.Combine(dataDirectory, "models"),
            ["Api:Keys:0:Name"] = "tester",
            ["Api:Keys:0:Sha256"] = ApiKeys.Hash(ApiFactory.Key),
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    public string DataDirectory => _settings["CohortGrid:DataDirectory"]!;

    public int GatewayPort => int.Parse(_settings["Silo:GatewayPort"]!, System.Globalization.CultureInfo.InvariantCulture);

    public static KeyRingHost Silo(string dataDirectory) => new(dataDirectory, new()
    {
        ["Silo:SiloPort"] = FreePort(),
        ["Silo:GatewayPort"] = FreePort(),
    });

    /// <summary>An API-role host on <paramref name="silo"/>'s data folder and gateway; starts the silo first, or the client finds no gateway.</summary>
    public static KeyRingHost ApiReplica(KeyRingHost silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        _ = silo.Server;
        return new(silo.DataDirectory, new()
        {
            [$"Orleans:Metadata:{SiloRoles.MetadataKey}"] = SiloRoles.Api,
            ["Silo:GatewayPort"] = silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary><see cref="BlobXmlRepository"/> on the folder store: what one instance stores, another reads.</summary>
public sealed class BlobXmlRepositoryTests
{
    private const string Container = "grainstate";

    [Fact]
    public async Task Elements_stored_by_one_repository_are_read_by_another_on_the_same_folder()
    {
        using var folder = new TempDirectory("cohortgrid-keyring");
        await KeyRingRoundTrip.AssertAsync(new FileBlobStore(folder.Path), new FileBlobStore(folder.Path), Container);

        Assert.True(File.Exists(Path.Combine(folder.Path, Container, "dataprotection", "keys", "key-one.xml")));
    }

    [Fact]
    public void Two_elements_stored_under_one_name_are_both_kept()
    {
        using var folder = new TempDirectory("cohortgrid-keyring");
        var first = KeyRingRoundTrip.Repository(new FileBlobStore(folder.Path), Container);
        var second = KeyRingRoundTrip.Repository(new FileBlobStore(folder.Path), Container);

        first.StoreElement(new XElement("revocation", new XAttribute("by", "first")), "revocation-20260101T000000Z");
        second.StoreElement(new XElement("revocation", new XAttribute("by", "second")), "revocation-20260101T000000Z");

        var by = second.GetAllElements().Select(e => (string?)e.Attribute("by")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["first", "second"], by);
    }

    [Fact]
    public async Task An_empty_store_has_no_elements()
    {
        using var folder = new TempDirectory("cohortgrid-keyring");
        var repository = KeyRingRoundTrip.Repository(new FileBlobStore(folder.Path), Container);

        Assert.Empty(repository.GetAllElements());
        Assert.Empty(await repository.GetAllElementsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_friendly_name_that_is_not_a_plain_file_name_is_replaced_by_a_random_one()
    {
        using var folder = new TempDirectory("cohortgrid-keyring");
        var repository = KeyRingRoundTrip.Repository(new FileBlobStore(folder.Path), Container);

        repository.StoreElement(new XElement("key"), "../../escape");

        var stored = Directory.GetFiles(Path.Combine(folder.Path, Container, "dataprotection", "keys"));
        Assert.Matches("^[0-9a-f]{32}\\.xml$", Path.GetFileName(Assert.Single(stored)));
        Assert.Single(repository.GetAllElements());
    }
}

/// <summary><see cref="BlobXmlRepository"/> on Azurite (skipped without it, failed under CI=true).</summary>
public sealed class BlobXmlRepositoryAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Elements_stored_by_one_repository_are_read_by_another_on_azurite()
    {
        var server = await azurite.EnsureRunningAsync(TestContext.Current.CancellationToken);

        await KeyRingRoundTrip.AssertAsync(
            new AzureBlobStore(server.ConnectionString), new AzureBlobStore(server.ConnectionString), AzuriteFixture.NewContainerName("keyring"));
    }
}

internal static class KeyRingRoundTrip
{
    public static BlobXmlRepository Repository(IBlobStore store, string container) =>
        new(store, container, NullLogger<BlobXmlRepository>.Instance);

    /// <summary>Two elements through the synchronous interface of one repository, back through another's.</summary>
    public static async Task AssertAsync(IBlobStore writer, IBlobStore reader, string container)
    {
        var one = Key("one");
        var two = Key("two");
        var repository = Repository(writer, container);
        repository.StoreElement(one, "key-one");
        repository.StoreElement(two, "key-two");

        var read = Repository(reader, container).GetAllElements();

        Assert.Equal(2, read.Count);
        Assert.Contains(read, e => XNode.DeepEquals(e, one));
        Assert.Contains(read, e => XNode.DeepEquals(e, two));
        var names = await reader.ListAsync(container, BlobXmlRepository.Prefix, TestContext.Current.CancellationToken).Select(b => b.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["dataprotection/keys/key-one.xml", "dataprotection/keys/key-two.xml"], names);
    }

    private static XElement Key(string id) => new(
        "key",
        new XAttribute("id", id),
        new XAttribute("version", 1),
        new XElement("creationDate", "2026-01-01T00:00:00Z"),
        new XElement("descriptor", new XElement("masterKey", new XCData($"secret of {id}"))));
}

/// <summary>
/// Makes this test process keep the framework's default key ring in memory, per host, as a dashboard pod does: its
/// home folder is on a read-only root file system, so without a shared repository every pod (and every restart) has
/// keys of its own. Otherwise every in-process host would share <c>~/.aspnet/DataProtection-Keys</c> and the tests
/// above would pass without the shared key ring.
/// </summary>
internal static class PodLocalDefaultKeys
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        // Data Protection looks at LOCALAPPDATA before HOME; a folder under a device cannot be created.
        if (!OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable("LOCALAPPDATA", "/dev/null/cohortgrid-no-key-folder");
        }
    }
}
