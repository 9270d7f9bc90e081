using System.Text.Json;
using System.Text.RegularExpressions;
using CohortGrid.Testing;

namespace CohortGrid.Client.Tests;

/// <summary>The cohort commands of <c>cohortgrid</c> against the real host.</summary>
public sealed partial class CliCohortCommandTests(SampleCluster cluster)
{
    private string[] Server => ["--url", cluster.Url.ToString(), "--api-key", cluster.ApiKey];

    [Fact]
    public void Submit_with_wait_follows_the_cohort_and_exits_0_when_it_completed()
    {
        var (code, output, error) = Cli.Run(["submit", cluster.SampleManifest, "--name", "cli " + Guid.NewGuid().ToString("N"), "--wait", .. Server]);

        Assert.True(code == 0, error);
        Assert.Matches(@"^Submitted cohort cohort-[0-9a-f]+: 9 slides", output);
        Assert.Contains("Completed: 9 of 9 slides done, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("Completed: 9/9 slides", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_prints_every_slide_with_its_state_and_tiles()
    {
        var (code, output, error) = Cli.Run(["status", cluster.SampleCohortId, .. Server]);

        Assert.True(code == 0, error);
        Assert.Contains($"Cohort {cluster.SampleCohortId} (sample cohort) Completed: 9 of 9 slides done", output, StringComparison.Ordinal);
        Assert.Matches(@"slide\s+state\s+tiles\s+reason", output);
        Assert.Matches(@"slide-001\s+Completed\s+(\d+)/\1", output);
    }

    [Fact]
    public void Status_json_is_the_api_format()
    {
        var (code, output, error) = Cli.Run(["status", cluster.SampleCohortId, "--json", .. Server]);

        Assert.True(code == 0, error);
        var status = JsonSerializer.Deserialize<CohortStatus>(output, CohortGridJson.Options)!;
        Assert.Equal(cluster.SampleCohortId, status.Id);
        Assert.Equal(9, status.Slides.Count);
        Assert.Contains("\"state\": \"Completed\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_of_a_completed_cohort_exits_0()
    {
        var (code, output, error) = Cli.Run(["watch", cluster.SampleCohortId, .. Server]);

        Assert.True(code == 0, error);
        Assert.Contains("Completed: 9 of 9 slides done", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_with_out_downloads_every_file_keeping_their_paths()
    {
        using var temp = new TempDirectory();

        var (code, output, error) = Cli.Run(["results", cluster.SampleCohortId, "--out", temp.Path, .. Server]);

        Assert.True(code == 0, error);
        Assert.Contains($"Cohort {cluster.SampleCohortId}: Completed", output, StringComparison.Ordinal);
        Assert.Matches(@"Downloaded \d+ files \(.+\) to ", output);
        Assert.True(File.Exists(Path.Combine(temp.Path, "slide_vectors.parquet")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "slides", "slide-001", "features.h5")));
    }

    [Fact]
    public void Cancel_stops_a_cohort_just_submitted()
    {
        var (submitCode, submitOutput, submitError) = Cli.Run(["submit", cluster.SampleManifest, "--name", "cancel " + Guid.NewGuid().ToString("N"), .. Server]);
        Assert.True(submitCode == 0, submitError);
        var id = SubmittedId().Match(submitOutput).Groups[1].Value;

        var (code, output, error) = Cli.Run(["cancel", id, .. Server]);

        Assert.True(code == 0, error);
        Assert.Contains($"Cohort {id} (", output, StringComparison.Ordinal);
        Assert.Contains(") Cancelled:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cohorts_lists_the_sample_cohort()
    {
        var (code, output, error) = Cli.Run(["cohorts", .. Server]);

        Assert.True(code == 0, error);
        Assert.Matches($@"{cluster.SampleCohortId}\s+Completed\s+9/9", output);
    }

    [Fact]
    public void An_invalid_manifest_prints_one_line_per_problem_and_exits_1()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("bad.csv"), "slide_id,path\ns1,/nowhere/s1.svs\n");

        var (code, _, error) = Cli.Run(["submit", temp.File("bad.csv"), .. Server]);

        Assert.Equal(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("cohortgrid: error: Invalid cohort (400):", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  [missing-column] ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  [location-refused] ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_cohort_prints_the_server_detail_and_exits_1()
    {
        var (code, _, error) = Cli.Run(["status", "no-such-cohort", .. Server]);

        Assert.Equal(1, code);
        Assert.Equal("cohortgrid: error: Not found (404): There is no cohort 'no-such-cohort'.", error.Trim());
    }

    [Fact]
    public void A_missing_api_key_is_a_clear_error_with_exit_code_2()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CohortGridClientOptions.ApiKeyVariable)))
        {
            Assert.Skip("COHORTGRID_API_KEY is set in this environment.");
        }

        var (code, _, error) = Cli.Run("status", cluster.SampleCohortId, "--url", cluster.Url.ToString());

        Assert.Equal(2, code);
        Assert.Contains("no API key: pass --api-key or set COHORTGRID_API_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_api_key_is_refused_with_exit_code_1()
    {
        var (code, _, error) = Cli.Run("cohorts", "--url", cluster.Url.ToString(), "--api-key", "cg_wrong");

        Assert.Equal(1, code);
        Assert.Contains("Unauthorized (401)", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Submitted cohort (\S+):")]
    private static partial Regex SubmittedId();
}
