using System.Net;
using System.Text;
using System.Text.Json;

namespace CohortGrid.Client;

/// <summary>Turns an unsuccessful response into the matching <see cref="CohortGridException"/>.</summary>
internal static class ApiErrors
{
    // A problem document is small; a proxy's error page may not be, and only its start is worth showing.
    private const int MaxBodyChars = 64 * 1024;
    private const int MaxDetailChars = 500;

    public static async Task<CohortGridException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var problem = Parse(body, response);
        var status = response.StatusCode;
        return status switch
        {
            HttpStatusCode.BadRequest when problem.Problems.Count > 0 => new CohortValidationException(status, problem),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CohortGridAuthenticationException(status, problem),
            HttpStatusCode.NotFound => new CohortNotFoundException(status, problem),
            HttpStatusCode.TooManyRequests => new CohortGridRateLimitException(status, problem, RetryAfter(response)),
            _ => new CohortGridException(status, problem),
        };
    }

    internal static ApiProblem Parse(string body, HttpResponseMessage response)
    {
        if (LooksLikeJson(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return FromJson(document.RootElement, response);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: shown as text below.
            }
        }

        var text = body.Trim();
        return new ApiProblem
        {
            Status = (int)response.StatusCode,
            Title = response.ReasonPhrase ?? response.StatusCode.ToString(),
            Detail = text.Length == 0 ? null : text.Length > MaxDetailChars ? text[..MaxDetailChars] + "…" : text,
            Instance = response.RequestMessage?.RequestUri?.AbsolutePath,
        };
    }

    private static ApiProblem FromJson(JsonElement root, HttpResponseMessage response)
    {
        IReadOnlyList<ManifestProblem> problems = [];
        if (root.TryGetProperty("problems", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            problems = list.Deserialize<List<ManifestProblem>>(CohortGridJson.Options) ?? [];
        }

        return new ApiProblem
        {
            Type = Text(root, "type"),
            Title = Text(root, "title") ?? response.ReasonPhrase,
            Status = root.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : (int)response.StatusCode,
            Detail = Text(root, "detail"),
            Instance = Text(root, "instance") ?? response.RequestMessage?.RequestUri?.AbsolutePath,
            TraceId = Text(root, "traceId"),
            Problems = problems,
            CohortId = Text(root, "cohortId"),
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool LooksLikeJson(string body) => body.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal);

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxBodyChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The error body broke off: the status alone still says what happened.
            return "";
        }
    }
}
