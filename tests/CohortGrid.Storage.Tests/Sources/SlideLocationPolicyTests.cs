using CohortGrid.Storage.Sources;
using CohortGrid.Testing;

namespace CohortGrid.Storage.Tests.Sources;

public sealed class SlideLocationPolicyTests : IDisposable
{
    private static readonly Uri Account = new("https://cohortacct.blob.core.windows.net/");

    private readonly TempDirectory _root = new("cohortgrid-policy");

    public void Dispose() => _root.Dispose();

    private string Slides => Path.Combine(_root.Path, "slides");

    private SlideLocationPolicy Policy(Uri? account = null, params string[] containers) => new([Slides], account, containers);

    [Fact]
    public void A_path_under_an_allowed_root_resolves_to_its_full_path()
    {
        var location = Path.Combine(Slides, "crc", "..", "crc", "s1.svs");

        var resolved = Policy().Resolve(location);

        Assert.False(resolved.IsBlob);
        Assert.Equal(Path.Combine(Slides, "crc", "s1.svs"), resolved.LocalPath);
    }

    [Fact]
    public void A_file_uri_under_an_allowed_root_resolves_like_its_path()
    {
        var resolved = Policy().Resolve(new Uri(Path.Combine(Slides, "s1.svs")).AbsoluteUri);

        Assert.Equal(Path.Combine(Slides, "s1.svs"), resolved.LocalPath);
    }

    [Theory]
    [InlineData("../../etc/passwd", "must be an absolute path")]
    [InlineData("slides/s1.svs", "must be an absolute path")]
    [InlineData("/etc/passwd", "outside the allowed roots")]
    [InlineData("file:///etc/passwd", "outside the allowed roots")]
    [InlineData("file://otherhost/share/s1.svs", "not a local file URI")]
    [InlineData("s3://bucket/s1.svs", "unsupported scheme 's3'")]
    [InlineData("ftp://example.org/s1.svs", "unsupported scheme 'ftp'")]
    public void Locations_outside_the_roots_are_refused_with_the_reason(string location, string reason)
    {
        Assert.False(Policy(Account).TryResolve(location, out var resolved, out var problem));

        Assert.Null(resolved);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains(location, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_dot_segments_that_climb_out_of_a_root_are_refused()
    {
        var location = Path.Combine(Slides, "..", "..", "secret.svs");

        Assert.False(Policy().TryResolve(location, out _, out var problem));

        Assert.Contains("outside the allowed roots", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sibling_folder_sharing_the_roots_name_as_prefix_is_outside()
    {
        Assert.False(Policy().TryResolve(Path.Combine(_root.Path, "slides-private", "s1.svs"), out _, out var problem));

        Assert.Contains("outside the allowed roots", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_a_root_that_leads_out_of_it_is_refused()
    {
        Directory.CreateDirectory(Slides);
        var outside = Path.Combine(_root.Path, "private.svs");
        File.WriteAllText(outside, "not for the cluster");
        var link = Path.Combine(Slides, "innocent.svs");
        File.CreateSymbolicLink(link, outside);

        Assert.False(Policy().TryResolve(link, out _, out var problem));

        Assert.Contains("symbolic link", problem, StringComparison.Ordinal);
        Assert.Contains(outside, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_folder_that_leads_out_of_a_root_is_refused()
    {
        Directory.CreateDirectory(Slides);
        var outside = Path.Combine(_root.Path, "elsewhere");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "s1.svs"), "x");
        Directory.CreateSymbolicLink(Path.Combine(Slides, "mounted"), outside);

        Assert.False(Policy().TryResolve(Path.Combine(Slides, "mounted", "s1.svs"), out _, out var problem));

        Assert.Contains("symbolic link", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_that_is_itself_a_link_allows_the_slides_it_leads_to()
    {
        var real = Path.Combine(_root.Path, "storage", "slides");
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Combine(real, "s1.svs"), "x");
        var mounted = Path.Combine(_root.Path, "mnt");
        Directory.CreateSymbolicLink(mounted, Path.Combine(_root.Path, "storage"));

        var resolved = new SlideLocationPolicy([Path.Combine(mounted, "slides")]).Resolve(Path.Combine(mounted, "slides", "s1.svs"));

        Assert.Equal(Path.Combine(mounted, "slides", "s1.svs"), resolved.LocalPath);
    }

    [Fact]
    public void Without_allowed_roots_every_local_path_is_refused_naming_the_setting()
    {
        var policy = new SlideLocationPolicy([], Account);

        Assert.False(policy.TryResolve(Path.Combine(Slides, "s1.svs"), out _, out var problem));

        Assert.Contains("CohortGrid:AllowedRoots", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_az_location_resolves_to_its_container_and_blob_name()
    {
        var resolved = Policy(Account).Resolve("az://slides/crc/TCGA%20A1.svs");

        Assert.True(resolved.IsBlob);
        Assert.Equal("slides", resolved.Container);
        Assert.Equal("crc/TCGA A1.svs", resolved.BlobName);
        Assert.Equal("az://slides/crc/TCGA A1.svs", resolved.ToString());
    }

    [Fact]
    public void A_url_on_the_configured_account_resolves_like_az()
    {
        var resolved = Policy(Account).Resolve("https://cohortacct.blob.core.windows.net/slides/crc/s1.svs");

        Assert.Equal("slides", resolved.Container);
        Assert.Equal("crc/s1.svs", resolved.BlobName);
    }

    [Fact]
    public void An_azurite_style_account_path_is_part_of_the_account()
    {
        var policy = new SlideLocationPolicy([Slides], new Uri("http://127.0.0.1:10000/devstoreaccount1"));

        Assert.Equal("crc/s1.svs", policy.Resolve("http://127.0.0.1:10000/devstoreaccount1/slides/crc/s1.svs").BlobName);
        Assert.False(policy.TryResolve("http://127.0.0.1:10000/otheraccount/slides/s1.svs", out _, out var problem));
        Assert.Contains("another storage account", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.blob.core.windows.net/slides/s1.svs", "another storage account")]
    [InlineData("https://cohortacct.blob.core.windows.net.evil.org/slides/s1.svs", "another storage account")]
    [InlineData("http://169.254.169.254/metadata/instance", "another storage account")]
    [InlineData("az://slides", "must look like az://container/path")]
    [InlineData("az://slides/", "must look like az://container/path")]
    [InlineData("az://Bad_Container/s1.svs", "not a valid blob")]
    [InlineData("az://slides/a/../../b.svs", "not a valid blob")]
    public void Urls_to_other_accounts_and_malformed_blob_names_are_refused(string location, string reason)
    {
        Assert.False(Policy(Account).TryResolve(location, out _, out var problem));

        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_with_a_sas_token_is_refused_without_echoing_the_token()
    {
        const string Signature = "sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";

        Assert.False(Policy(Account).TryResolve($"https://cohortacct.blob.core.windows.net/slides/s1.svs?sv=2024-01-01&{Signature}", out _, out var problem));

        Assert.Contains("query", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Signature, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("sv=2024", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Blob_slides_are_limited_to_the_allowed_containers_when_some_are_listed()
    {
        var policy = Policy(Account, "slides", "tcga");

        Assert.True(policy.TryResolve("az://tcga/s1.svs", out _, out _));
        Assert.False(policy.TryResolve("az://results/cohorts/c1/manifest.json", out _, out var problem));
        Assert.Contains("not an allowed slide container (slides, tcga)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_blob_storage_a_blob_location_is_refused_saying_the_store_is_local()
    {
        Assert.False(Policy(account: null).TryResolve("az://slides/s1.svs", out _, out var problem));

        Assert.Contains("no blob storage configured", problem, StringComparison.Ordinal);
    }
}
