using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains;

/// <summary>
/// A single-node cluster inside the current process (one silo with both roles, localhost clustering on
/// free ports): what <c>cohortgrid run</c> and the benchmarks use to run cohorts through the real grains.
/// </summary>
public static class LocalCohortCluster
{
    /// <param name="configure">Cluster settings.</param>
    /// <param name="logLevel">Console log level.</param>
    /// <param name="services">Replaces services after the CohortGrid ones are added (benchmarks swap the results store).</param>
    public static IHost Build(Action<CohortGridOptions> configure, LogLevel logLevel = LogLevel.Warning, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(logLevel);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddCohortGrid(new ConfigurationBuilder().Build(), configure);
            services?.Invoke(silo.Services);
        });
        return builder.Build();
    }

    /// <summary>The grain factory of a started local cluster.</summary>
    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
