using System.Globalization;
using System.Threading.RateLimiting;
using CohortGrid.Dashboard.Auth;

namespace CohortGrid.Dashboard.Api;

/// <summary>Submissions per key per minute: one script in a loop must not flood the cluster for everyone.</summary>
internal static class ApiRateLimits
{
    public const string Submissions = "submissions";

    public static IServiceCollection AddCohortGridRateLimits(this IServiceCollection services, ApiOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Submissions, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.SubmissionsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await ApiProblemWriter.WriteAsync(
                    context.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    "Too many submissions",
                    $"At most {options.SubmissionsPerMinute} cohort submissions per minute per API key (Api:SubmissionsPerMinute).").ConfigureAwait(false);
            };
        });
}
