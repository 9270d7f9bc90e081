using CohortGrid.Contracts;
using CohortGrid.Grains.Persistence;
using CohortGrid.Grains.Placement;
using CohortGrid.Grains.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Grains;

/// <summary>Everything a CohortGrid silo needs, shared by the silo host and the CLI's in-process cluster.</summary>
public static class CohortGridSiloExtensions
{
    /// <summary>
    /// Adds the grains' services, placement, silo metadata (role defaults to "cpu,gpu" for a single node), the distributed
    /// grain directory,
    /// storage (section "Storage": results, grain state and blob slides on the local folder or Azure Blob), the silo's
    /// work meter (meter "CohortGrid") and its reports to the cluster view, the drain of tile batches at shutdown
    /// (<see cref="TileWorkDrain"/>), and resumes unfinished cohorts at start.
    /// </summary>
    public static ISiloBuilder AddCohortGrid(this ISiloBuilder builder, IConfiguration configuration, Action<CohortGridOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = CohortGridOptions.Load(configuration, configure);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

        builder.UseSiloMetadata(SiloMetadata(configuration));

        // The strongly consistent distributed grain directory instead of the default DHT. With the DHT, a silo that
        // leaves (scaled in, SIGTERM or crash) takes with it every activation whose directory entry it held
        // (LocalGrainDirectory deactivates them with reason DirectoryFailure): a GPU silo stopping would cut about 1/N of
        // the cohort and slide grains on the CPU silo. This directory hands its ranges over, or recovers them from the
        // surviving silos, and leaves activations alone. Every silo of a cluster must use it.
#pragma warning disable ORLEANSEXP003 // Experimental in Orleans 10; measured in tests/CohortGrid.Cluster.Tests.
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.Services.AddCohortGridPlacement();

        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<SlideHandleCache>();
        builder.Services.AddSingleton<TilePreparationGate>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<SiloWorkMeter>();
        builder.Services.AddSingleton<SiloWorkReporter>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloWorkReporter>());
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloMetadataWarmup>();
        builder.Services.AddSingleton<TileWorkDrain>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<TileWorkDrain>());
        builder.Services.AddCohortGridStorage(options.Storage, options.DataDirectory, options.EffectiveAllowedRoots());
        builder.Services.AddSingleton<ICohortCompletionHook, CohortSummaryWriter>();
        builder.Services.AddSingleton<ICohortCompletionHook, SlideVectorsWriter>();
        builder.Services.AddSingleton<ICohortCompletionHook, CohortAnalysisWriter>();
        builder.AddBlobGrainStorage(GrainStorageNames.Default, o => o.Container = options.Storage.StateContainer);

        builder.AddStartupTask(async (services, cancellationToken) =>
            await services.GetRequiredService<IGrainFactory>().GetGrain<ICohortRegistryGrain>(0).ResumeUnfinished().ConfigureAwait(false));
        return builder;
    }

    /// <summary>
    /// The silo metadata this configuration gives (section <c>Orleans:Metadata</c>): the role
    /// (<see cref="SiloRoles.MetadataKey"/>, "cpu,gpu" when unset) and the node name (<see cref="SiloRoles.NodeMetadataKey"/>,
    /// <c>POD_NAME</c> or the host name when unset).
    /// </summary>
    public static Dictionary<string, string> SiloMetadata(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var metadata = configuration.GetSection("Orleans").GetSection("Metadata").Get<Dictionary<string, string>>() ?? [];
        metadata.TryAdd(SiloRoles.MetadataKey, $"{SiloRoles.Cpu},{SiloRoles.Gpu}");
        metadata.TryAdd(SiloRoles.NodeMetadataKey, Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName);
        return metadata;
    }
}
