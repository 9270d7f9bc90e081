using System.Diagnostics;
using System.Text.Json;

namespace CohortGrid.Testing.Hosting;

/// <summary>The API's cluster view (<c>GET /api/cluster</c>) as plain JSON, for tests and benchmarks that change the silos.</summary>
public static class ClusterView
{
    /// <summary>
    /// Polls the cluster view of <paramref name="http"/> (a client of the API with its key, as
    /// <see cref="SiloHostProcess.CreateClient"/> makes) until its active silos have exactly the roles
    /// <paramref name="expected"/> (in any order; a silo counts once it has reported its role) or
    /// <paramref name="timeout"/> has passed. Returns the roles of the active silos last seen, in ordinal order: the
    /// caller judges them, so a timeout is not an error here.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WaitForActiveRolesAsync(HttpClient http, IEnumerable<string> expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var roles = await ActiveRolesAsync(http, cancellationToken).ConfigureAwait(false);
            if (roles.SequenceEqual(wanted, StringComparer.Ordinal) || watch.Elapsed > timeout)
            {
                return roles;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The roles of the active silos in the cluster view, in ordinal order (empty for a silo that has not reported yet).</summary>
    private static async Task<IReadOnlyList<string>> ActiveRolesAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = await http.GetStringAsync(new Uri("/api/cluster", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.GetProperty("silos").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == "Active")
            .Select(s => s.GetProperty("role").GetString() ?? "")
            .Order(StringComparer.Ordinal)];
    }
}
