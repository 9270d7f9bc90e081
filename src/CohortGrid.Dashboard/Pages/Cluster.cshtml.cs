using CohortGrid.Client;
using CohortGrid.Dashboard.Cluster;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CohortGrid.Dashboard.Pages;

/// <summary><c>/cluster</c>: silos by role with their status and work; dashboard.js reloads the body every few seconds.</summary>
public sealed class ClusterModel(ClusterService cluster, TimeProvider time) : PageModel
{
    public ClusterStatus Cluster { get; private set; } = new();

    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>Silos grouped by role (gpu first, then cpu,gpu, cpu, then any other), each group by name.</summary>
    public IEnumerable<IGrouping<string, SiloInfo>> ByRole => Cluster.Silos
        .GroupBy(s => string.IsNullOrWhiteSpace(s.Role) ? "unspecified" : s.Role, StringComparer.Ordinal)
        .OrderBy(g => g.Key switch { "gpu" => 0, "cpu,gpu" => 1, "cpu" => 2, _ => 3 })
        .ThenBy(g => g.Key, StringComparer.Ordinal);

    public async Task OnGetAsync() => await LoadAsync().ConfigureAwait(false);

    /// <summary>The page body alone, for the periodic refresh.</summary>
    public async Task<IActionResult> OnGetFragmentAsync()
    {
        await LoadAsync().ConfigureAwait(false);
        return Partial("_ClusterBody", this);
    }

    private async Task LoadAsync()
    {
        Cluster = await cluster.GetAsync().ConfigureAwait(false);
        LoadedAt = time.GetUtcNow();
    }
}
