using CohortGrid.Contracts;
using CohortGrid.Grains.Tests.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Cohorts;

/// <summary>In-process clusters running the real CohortGrid silo setup (<see cref="CohortGridSiloExtensions.AddCohortGrid"/>).</summary>
internal static class CohortCluster
{
    public static async Task<InProcessTestCluster> StartAsync(
        short silos,
        Func<string, string> roleOfSilo,
        string dataDirectory,
        Action<CohortGridOptions>? configure = null,
        string? serviceId = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((options, silo) =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"Orleans:Metadata:{SiloRoles.MetadataKey}"] = roleOfSilo(options.SiloName),
                [$"Orleans:Metadata:{SiloRoles.NodeMetadataKey}"] = options.SiloName,
            }).Build();
            silo.AddCohortGrid(configuration, o =>
            {
                o.DataDirectory = dataDirectory;
                o.ModelsDirectory = CohortTestData.ModelsDirectory;
                o.DefaultEncoderId = CohortTestData.EncoderId;
                o.TilesPerBatch = 8;
                o.SupervisionInterval = TimeSpan.FromMilliseconds(500);
                o.StallTimeout = TimeSpan.FromSeconds(5);
                o.AllowedRoots.Add(CohortTestData.Root);
                configure?.Invoke(o);
            });
            silo.Services.PostConfigure<SiloMessagingOptions>(o => o.AssumeHomogenousSilosForTesting = false);
            services?.Invoke(silo.Services);
        });

        var cluster = builder.Build();
        await cluster.DeployAsync();
        await PlacementTestCluster.WaitForSiloMetadataAsync(cluster, CancellationToken.None);
        return cluster;
    }

    /// <summary>Polls the cohort until <paramref name="until"/> holds.</summary>
    public static async Task<CohortStatus> WaitAsync(ICohortGrain cohort, Func<CohortStatus, bool> until, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await cohort.GetStatus();
            if (until(status))
            {
                return status;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Cohort stayed {status.State} ({status.SlidesCompleted}/{status.SlidesTotal} slides, message: {status.Message}) for {timeout}.");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }
}
