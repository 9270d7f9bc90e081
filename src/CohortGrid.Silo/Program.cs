using CohortGrid.Dashboard;
using CohortGrid.Grains;
using CohortGrid.Grains.Persistence;
using CohortGrid.Silo;
using CohortGrid.Silo.Metrics;

// Settings ship next to the binary; data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = SiloArguments.Normalize(args), ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls(SiloHosting.Urls(builder.Configuration));
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

var app = builder.Build();
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
await app.RunAsync();
return Environment.ExitCode;

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the API tests.</summary>
public partial class Program;
