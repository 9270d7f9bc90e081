namespace CohortGrid.Dashboard.Cohorts;

/// <summary>The MIME type a result file is served with, from its extension.</summary>
internal static class ResultContentTypes
{
    public static string For(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".csv" => "text/csv",
        ".h5" => "application/x-hdf5",
        ".parquet" => "application/vnd.apache.parquet",
        ".npy" => "application/octet-stream",
        _ => "application/octet-stream",
    };
}
