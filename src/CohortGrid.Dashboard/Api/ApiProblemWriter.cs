using Microsoft.AspNetCore.Mvc;

namespace CohortGrid.Dashboard;

/// <summary>Writes RFC 7807 problem details outside an endpoint (authentication challenges, rate limiting).</summary>
internal static class ApiProblemWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}", Instance = context.Request.Path };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        context.Response.StatusCode = status;
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false);
    }
}
