using System.Net;
using CohortGrid.Contracts;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Silo;

/// <summary>Clustering choice and the health endpoint.</summary>
public static class SiloHosting
{
    /// <summary>Section bound to Orleans' <see cref="ClusterMembershipOptions"/> (env <c>Cluster__Membership__ProbeTimeout</c>, ...).</summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>
    /// Section bound to Orleans' <see cref="GrainDirectoryOptions"/>, e.g. <c>Cluster:Directory:RangeLeaseDuration</c>: how long,
    /// after a silo crashed, grains whose directory entries it held cannot be activated anew (default 30 s from the crash).
    /// </summary>
    public const string DirectorySection = "Cluster:Directory";

    /// <summary>
    /// Redis clustering when <c>Cluster:Redis</c> is set (several processes or pods), otherwise a single
    /// localhost silo. Endpoints come from <c>POD_IP</c> when present (Kubernetes, two Deployments). Failure detection
    /// (<see cref="ClusterMembershipOptions"/>: <c>ProbeTimeout</c>, <c>NumMissedProbesLimit</c>,
    /// <c>NumVotesForDeathDeclaration</c>, <c>DeathVoteExpirationTimeout</c>, ...) comes from section <c>Cluster:Membership</c>,
    /// the grain directory's settings from <c>Cluster:Directory</c>.
    /// </summary>
    public static ISiloBuilder ConfigureClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var siloPort = configuration.GetValue("Silo:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Silo:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        silo.Configure<ClusterOptions>(o => SetClusterIds(o, configuration));
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        silo.Services.Configure<GrainDirectoryOptions>(configuration.GetSection(DirectorySection));
        if (configuration.GetValue<string>("Cluster:Redis") is { Length: > 0 } redis)
        {
            silo.UseRedisClustering(redis);
            var address = Environment.GetEnvironmentVariable("POD_IP") is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
            silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: address != IPAddress.Loopback);
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
        }

        return silo;
    }

    /// <summary>True when the process is the API/dashboard only (<c>--role api</c>): an Orleans client, not a silo.</summary>
    public static bool IsApiOnly(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(configuration[$"Orleans:Metadata:{SiloRoles.MetadataKey}"]?.Trim(), SiloRoles.Api, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The client side of <see cref="ConfigureClustering(ISiloBuilder, IConfiguration)"/>: the same cluster, found through Redis or the local gateway.</summary>
    public static IClientBuilder ConfigureClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        client.Configure<ClusterOptions>(o => SetClusterIds(o, configuration));
        if (configuration.GetValue<string>("Cluster:Redis") is { Length: > 0 } redis)
        {
            client.UseRedisClustering(redis);
        }
        else
        {
            client.UseLocalhostClustering(configuration.GetValue("Silo:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
        }

        return client;
    }

    /// <summary><c>GET /health</c> of an API-only process: 200 while the cluster answers, 503 otherwise.</summary>
    public static void MapClientHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", async (IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                return Results.Ok(new { Status = "Active", Role = SiloRoles.Api, Silos = hosts.Count });
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or SiloUnavailableException)
            {
                return Results.Json(new { Status = "Unavailable", Role = SiloRoles.Api, Error = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();
    }

    /// <summary>Exit code of a host whose HTTP address another process already listens on.</summary>
    public const int AddressInUseExitCode = 3;

    /// <summary>
    /// Where HTTP listens: <c>Silo:HttpPort</c> (<c>--http-port</c>) on loopback, else <c>COHORTGRID_URLS</c>, else the
    /// <c>Urls</c> setting (default <c>http://127.0.0.1:5080</c>).
    /// </summary>
    public static string Urls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<int?>("Silo:HttpPort") is { } port)
        {
            return $"http://127.0.0.1:{port}";
        }

        return Environment.GetEnvironmentVariable("COHORTGRID_URLS") is { Length: > 0 } urls
            ? urls
            : configuration.GetValue<string>("Urls") ?? "http://127.0.0.1:5080";
    }

    /// <summary>What the host prints (one line) when another process already listens on <paramref name="urls"/>.</summary>
    public static string AddressInUseMessage(string urls) =>
        $"cohortgrid: cannot listen on {urls}: another CohortGrid (or another program) is already using it. Stop it, or choose another address with COHORTGRID_URLS or --http-port.";

    /// <summary><c>GET /health</c>: 200 with the silo's address, status and roles while it is active; 503 otherwise.</summary>
    public static void MapSiloHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", (ILocalSiloDetails silo, ISiloStatusOracle oracle, ISiloMetadataCache metadata) =>
        {
            var status = oracle.CurrentStatus;
            var own = metadata.GetSiloMetadata(silo.SiloAddress).Metadata;
            var body = new
            {
                Status = status.ToString(),
                Silo = silo.SiloAddress.ToString(),
                Name = silo.Name,
                Role = own.GetValueOrDefault(SiloRoles.MetadataKey),
                Node = own.GetValueOrDefault(SiloRoles.NodeMetadataKey),
            };
            return status == SiloStatus.Active ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
    }

    // Silos and API clients must agree on both ids, or the clients find no gateway.
    private static void SetClusterIds(ClusterOptions options, IConfiguration configuration)
    {
        options.ClusterId = configuration.GetValue("Cluster:Id", "cohortgrid")!;
        options.ServiceId = configuration.GetValue("Cluster:ServiceId", "cohortgrid")!;
    }
}
