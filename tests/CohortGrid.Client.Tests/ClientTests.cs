using System.Net;
using CohortGrid.Testing;

namespace CohortGrid.Client.Tests;

/// <summary>The SDK against the real host (shared, started with the sample cohort).</summary>
public sealed class ClientTests(SampleCluster cluster)
{
    [Fact]
    public async Task The_sample_manifest_submitted_under_a_new_name_runs_to_completion_and_its_results_download()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = cluster.NewClient();

        var submitted = await client.SubmitCsvAsync(cluster.SampleManifest, options: new CsvSubmissionOptions { Name = "sdk " + Guid.NewGuid().ToString("N") }, cancellationToken: cancellationToken);
        var seen = new List<CohortStatus>();
        await foreach (var status in client.WatchAsync(submitted.Id, cancellationToken: cancellationToken))
        {
            seen.Add(status);
        }

        var results = await client.GetResultsAsync(submitted.Id, cancellationToken);
        using var temp = new TempDirectory();
        var written = await client.DownloadAllAsync(submitted.Id, temp.Path, cancellationToken);

        Assert.True(submitted.Created);
        Assert.Equal(9, submitted.Status.SlidesTotal);
        Assert.True(seen[^1].IsFinished);
        Assert.Equal(CohortState.Completed, seen[^1].State);
        Assert.Equal(9, seen[^1].SlidesCompleted);
        Assert.Equal(results.Files.Count, written.Count);
        foreach (var expected in new[] { "slide_vectors.parquet", "status.json", "manifest.json", Path.Combine("slides", "slide-001", "features.h5"), Path.Combine("slides", "slide-009", "summary.json") })
        {
            Assert.True(File.Exists(Path.Combine(temp.Path, expected)), $"{expected} was not downloaded; files: {string.Join(", ", results.Files.Select(f => f.Path))}");
        }

        var features = results.Files.Single(f => f.Path == "slides/slide-001/features.h5");
        Assert.Equal(features.Size, new FileInfo(Path.Combine(temp.Path, "slides", "slide-001", "features.h5")).Length);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Submitting_the_same_cohort_again_returns_the_existing_one_with_Created_false()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = cluster.NewClient();
        var options = new CsvSubmissionOptions { Name = "idempotent " + Guid.NewGuid().ToString("N") };

        var first = await client.SubmitCsvAsync(cluster.SampleManifest, options: options, cancellationToken: cancellationToken);
        var second = await client.SubmitCsvAsync(cluster.SampleManifest, options: options, cancellationToken: cancellationToken);
        var listed = await client.ListAsync(cancellationToken);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(listed, c => c.Id == first.Id);
    }

    [Fact]
    public async Task A_bad_manifest_is_refused_with_every_problem_and_its_row_column_and_code()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = cluster.NewClient();
        using var manifest = new MemoryStream("slide_id,path\ns1,/nowhere/s1.svs\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<CohortValidationException>(() => client.SubmitCsvAsync(manifest, cancellationToken: cancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(error.Problems, p => p is { Table: "manifest", Row: null, Column: "patient_id", Code: "missing-column" });
        Assert.Contains(error.Problems, p => p is { Table: "manifest", Row: 1, Code: "location-refused" });
        Assert.StartsWith("cohort-", error.CohortId, StringComparison.Ordinal);
        Assert.Contains("[missing-column]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_reports_problems_without_throwing_and_names_an_existing_cohort()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = cluster.NewClient();
        var sample = await client.GetStatusAsync(cluster.SampleCohortId, cancellationToken);

        var bad = await client.ValidateAsync(new CohortSubmissionRequest { Name = "bad", Slides = [new ManifestSlide("s1", "", "/nowhere/s1.svs")] }, cancellationToken);
        var existing = await client.ValidateCsvAsync(cluster.SampleManifest, options: new CsvSubmissionOptions { Name = sample.Name }, cancellationToken: cancellationToken);

        Assert.False(bad.IsValid);
        Assert.Contains(bad.Problems, p => p.Code == "location-refused");
        Assert.True(existing.IsValid, string.Join("; ", existing.Problems.Select(p => p.Message)));
        Assert.True(existing.Exists);
        Assert.Equal(cluster.SampleCohortId, existing.CohortId);
    }

    [Fact]
    public async Task A_wrong_api_key_gives_an_authentication_error()
    {
        using var client = CohortGridClient.Create(cluster.Url, "cg_wrong");

        var error = await Assert.ThrowsAsync<CohortGridAuthenticationException>(() => client.ListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_cohort_id_gives_not_found()
    {
        using var client = cluster.NewClient();

        var error = await Assert.ThrowsAsync<CohortNotFoundException>(() => client.GetStatusAsync("no-such-cohort", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-cohort", error.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_status_lists_the_one_silo()
    {
        using var client = cluster.NewClient();

        var status = await client.GetClusterAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Active", Assert.Single(status.Silos).Status);
    }
}
