using System.Security.Claims;
using CohortGrid.Grains;
using CohortGrid.Storage.Blobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CohortGrid.Dashboard.Auth;

/// <summary>
/// API keys for programs (bearer header) and an HTTP-only cookie for the dashboard, which signs in with a key once.
/// Calls with an Authorization header are judged by the key alone; others by the cookie.
/// </summary>
/// <remarks>
/// The cookie and the forms' antiforgery tokens are protected with ASP.NET Core Data Protection, whose key ring is kept
/// in the cluster's blob store (<see cref="BlobXmlRepository"/>, in the grain state container) under one application
/// name, so any API replica, restarted or not, reads what another issued.
/// </remarks>
public static class DashboardAuthentication
{
    public const string Scheme = "CohortGrid";

    /// <summary>
    /// The Data Protection application name. Without it the name is the content root, which need not match between
    /// processes, and a payload protected under one name cannot be read under another.
    /// </summary>
    public const string DataProtectionApplicationName = "CohortGrid";

    public static IServiceCollection AddCohortGridAuthentication(this IServiceCollection services, IConfiguration configuration, TextWriter announce)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(announce);
        var options = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        var entries = options.Keys.ToList();
        if (Environment.GetEnvironmentVariable("COHORTGRID_API_KEY") is { Length: > 0 } plain)
        {
            entries.Add(new ApiKeyEntry { Name = "COHORTGRID_API_KEY", Sha256 = ApiKeys.Hash(plain) });
        }
        else if (entries.Count == 0)
        {
            if (!options.GenerateKeyWhenUnset)
            {
                throw new InvalidOperationException("No API key is configured: set COHORTGRID_API_KEY or Api:Keys (or Api:GenerateKeyWhenUnset=true).");
            }

            var generated = ApiKeys.NewKey();
            entries.Add(new ApiKeyEntry { Name = "generated", Sha256 = ApiKeys.Hash(generated) });
            announce.WriteLine($"API key (generated for this run, shown once; set COHORTGRID_API_KEY to choose one): {generated}");
        }

        services.AddSingleton(new ApiKeys(entries));
        services.AddSingleton(Options.Create(options));
        AddSharedDataProtection(services);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or dashboard cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "cohortgrid.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    if (!IsApi(context.Request))
                    {
                        return Redirect(context);
                    }

                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return ApiProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'.");
                };
                o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                    ? ApiProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", null)
                    : Redirect(context);
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Signs the dashboard in with a key; false when the key is not accepted.</summary>
    public static async Task<bool> SignInWithKeyAsync(HttpContext context, string? key)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestServices.GetRequiredService<ApiKeys>().Authenticate(key) is not { } name)
        {
            return false;
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return true;
    }

    // The host registers the store and the cluster options (AddCohortGridStorage and AddCohortGrid, or the API role's
    // own registration); resolving them when the options are built keeps this independent of registration order.
    private static void AddSharedDataProtection(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IBlobStore, IOptions<CohortGridOptions>, ILoggerFactory>((keys, store, cluster, loggers) =>
                keys.XmlRepository = new BlobXmlRepository(store, cluster.Value.Storage.StateContainer, loggers.CreateLogger<BlobXmlRepository>()));
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
