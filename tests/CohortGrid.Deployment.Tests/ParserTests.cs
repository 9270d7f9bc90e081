using CohortGrid.Deployment.Tests.Docker;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Deployment.Tests;

/// <summary>The small parsers the deployment checks rely on.</summary>
public sealed class ParserTests
{
    [Theory]
    [InlineData("max(cohortgrid_slides_pending{namespace=\"cohortgrid\"})", "cohortgrid_slides_pending")]
    [InlineData("sum by (pod) (rate(cohortgrid_tiles_embedded_total{job=~\"a|b\"}[5m])) / max(cohortgrid_slides_pending offset 5m)", "cohortgrid_tiles_embedded_total,cohortgrid_slides_pending")]
    [InlineData("cohortgrid_cohorts_running > bool 0", "cohortgrid_cohorts_running")]
    public void PromQl_names_the_metrics_of_a_query(string query, string expected) =>
        Assert.Equal(expected.Split(','), PromQl.MetricNames(query));

    [Fact]
    public void Exposition_parsing_finds_samples_and_types()
    {
        var text = "# HELP cohortgrid_slides_pending Slides waiting.\n# TYPE cohortgrid_slides_pending gauge\ncohortgrid_slides_pending 3\ncohortgrid_tiles_embedded_total{silo=\"a\"} 10\n";
        Assert.Equal(["cohortgrid_slides_pending", "cohortgrid_tiles_embedded_total"], PrometheusText.MetricNames(text).Order());
    }

    [Fact]
    public void Dockerignore_patterns_match_like_docker()
    {
        using var temp = new CohortGrid.Testing.TempDirectory("dockerignore");
        File.WriteAllText(temp.File(".dockerignore"), "# comment\n**/bin/\ndocs\n*.md\n!README.md\ncohortgrid-data*/\n");
        var ignore = new DockerIgnore(temp.File(".dockerignore"));
        Assert.NotNull(ignore.ExcludedBy("src/A/bin/Release/a.dll"));
        Assert.NotNull(ignore.ExcludedBy("bin/x"));
        Assert.NotNull(ignore.ExcludedBy("docs/operations.md"));
        Assert.NotNull(ignore.ExcludedBy("CHANGES.md"));
        Assert.Null(ignore.ExcludedBy("README.md"));
        Assert.Null(ignore.ExcludedBy("src/A/README.md"));
        Assert.NotNull(ignore.ExcludedBy("cohortgrid-data-cluster/run/api.pid"));
        Assert.Null(ignore.ExcludedBy("src/A/binary.cs"));
    }

    [Fact]
    public void Dockerfile_lines_continuations_args_and_env_are_read()
    {
        using var temp = new CohortGrid.Testing.TempDirectory("dockerfile");
        File.WriteAllText(temp.File("Dockerfile"), """
            # syntax=docker/dockerfile:1
            ARG BASE=ubuntu:24.04
            FROM ${BASE} AS first
            ENV A=1 \
                # a comment inside a continuation
                B= \
                C="x y"
            COPY --from=x /a /b
            FROM first
            ENTRYPOINT ["dotnet", "app.dll"]
            """);
        var dockerfile = Dockerfile.Parse(temp.File("Dockerfile"));
        Assert.Equal("ubuntu:24.04", dockerfile.Stages[0].BaseImage);
        Assert.Equal("first", dockerfile.Stages[0].Name);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "", ["C"] = "x y" }, dockerfile.Stages[0].Environment);
        var copy = dockerfile.Stages[0].All("COPY").Single();
        Assert.Equal("x", copy.Flags["from"]);
        Assert.Equal(["/a", "/b"], copy.Operands);
        Assert.Equal(["dotnet", "app.dll"], dockerfile.Final.All("ENTRYPOINT").Single().ExecForm);
    }
}
