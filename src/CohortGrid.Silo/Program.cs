using CohortGrid.Dashboard;
using CohortGrid.Grains;
using CohortGrid.Grains.Persistence;
using CohortGrid.Silo;
using CohortGrid.Silo.Metrics;
using Microsoft.AspNetCore.Connections;

// Settings ship next to the binary; data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = SiloArguments.Normalize(args), ContentRootPath = AppContext.BaseDirectory });
var urls = SiloHosting.Urls(builder.Configuration);
builder.WebHost.UseUrls(urls);

// The host logs a failed start with its stack trace before rethrowing; every such exception still reaches the
// terminal (printed when unhandled, or as the one line below), and a failing background service still logs critically.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = builder.Configuration.GetValue("Silo:ShutdownTimeout", TimeSpan.FromSeconds(60)));
var apiOnly = SiloHosting.IsApiOnly(builder.Configuration);
if (apiOnly)
{
    // The API and dashboard as an Orleans client of a cluster: they read results and check slide locations themselves.
    var options = CohortGridOptions.Load(builder.Configuration);
    builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
    builder.Services.AddCohortGridStorage(options.Storage, options.DataDirectory, options.EffectiveAllowedRoots());
    builder.UseOrleansClient(client => client.ConfigureClustering(builder.Configuration));
}
else
{
    builder.UseOrleans(silo =>
    {
        silo.ConfigureClustering(builder.Configuration);
        silo.AddCohortGrid(builder.Configuration);
    });
}

builder.Services.AddCohortGridDashboard(builder.Configuration);
builder.Services.AddHostMetrics(builder.Configuration, apiOnly);
if (builder.Configuration.GetValue("Sample:Enabled", false))
{
    builder.Services.AddHostedService<SampleCohortJob>();
}

await using var app = builder.Build();
if (apiOnly)
{
    app.MapClientHealth();
}
else
{
    app.MapSiloHealth();
}

app.MapHostMetrics();
app.MapCohortGridDashboard();
try
{
    await app.StartAsync();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // Kestrel binds only after the silo has started: stop it so that it leaves the cluster cleanly.
    await app.StopAsync();
    await Console.Error.WriteLineAsync(SiloHosting.AddressInUseMessage(urls));
    return SiloHosting.AddressInUseExitCode;
}

await app.WaitForShutdownAsync();
return Environment.ExitCode;

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the API tests.</summary>
public partial class Program;
