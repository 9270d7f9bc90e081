using System.Text.Json;
using CohortGrid.Storage;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains.Services;

/// <summary>
/// The result layout under the data folder:
/// <c>cohorts/{cohortId}/manifest.json, status.json, summary.json, slides/{slideId}/features.h5, summary.json</c>,
/// plus <c>cache/features/{quickhash}/{encoder}@{version}/{grid}/</c> so a slide processed before with the
/// same encoder and grid is not processed again. Every file is written under a temporary name and
/// renamed when complete (<see cref="AtomicFile"/>).
/// </summary>
public sealed class ResultStore(IOptions<CohortGridOptions> options)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory);

    public string CohortDirectory(string cohortId) => Combine("cohorts", Safe(cohortId));

    public string SlideDirectory(string cohortId, string slideId) => Path.Combine(CohortDirectory(cohortId), "slides", Safe(slideId));

    public string CacheDirectory(string quickHash, string encoderId, string encoderVersion, string gridKey) =>
        Combine("cache", "features", Safe(quickHash), Safe($"{encoderId}@{encoderVersion}"), Safe(gridKey));

    /// <summary>A scratch file for in-progress work (features being spooled).</summary>
    public string TempFile(string prefix)
    {
        var directory = Combine("tmp");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Safe(prefix)}-{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Path relative to the data root, as recorded in results.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json));

    public T? ReadJson<T>(string path) => File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) : default;

    /// <summary>Copies a finished file into place atomically.</summary>
    public static void CopyInto(string source, string target) => AtomicFile.Copy(source, target);

    private string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    // Ids become folder names: keep them readable but unable to escape the data folder.
    private static string Safe(string id)
    {
        var chars = id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
