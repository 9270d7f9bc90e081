using System.Net;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// The autoscaling chain end to end on this machine: the metrics the KEDA ScaledObject's Prometheus query reads are
/// ones a running silo really exports at <c>GET /metrics</c> (without credentials, as Prometheus scrapes), on the
/// path and port the pods' prometheus.io annotations give.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task The_keda_query_reads_a_metric_that_a_running_cpu_silo_exports()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var queried = new[] { "dev", "prod" }
            .SelectMany(o => RenderedOverlay.Of(o).ScaledObjects)
            .SelectMany(s => s.Spec.Triggers)
            .Where(t => t.Type == "prometheus")
            .SelectMany(t => PromQl.MetricNames(t.Metadata["query"]))
            .Distinct()
            .ToList();
        Assert.NotEmpty(queried);
        var path = RenderedOverlay.Of("prod").Deployment("silo-cpu").Spec.Template.Metadata.Annotations["prometheus.io/path"];

        // A CPU silo: the role that exports the cluster-wide pending work even when no GPU silo runs.
        await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { Arguments = ["--role", "cpu"] }, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} of a running silo answered {(int)response.StatusCode} {response.StatusCode}{(response.Headers.Location is { } to ? $" to {to}" : "")} (the silo must serve Prometheus metrics there without credentials).");
        var type = response.Content.Headers.ContentType?.MediaType;
        Assert.True(type is "text/plain" or "application/openmetrics-text", $"GET {path} answered {type}, not the Prometheus text format.");
        var exported = PrometheusText.MetricNames(text);
        foreach (var metric in queried)
        {
            Assert.True(exported.Contains(metric), $"The KEDA query reads {metric}, which the silo does not export. Exported: {string.Join(", ", exported.Order())}");
        }
    }
}
