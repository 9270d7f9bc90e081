namespace CohortGrid.Cli.Commands;

/// <summary>Turns command-line arguments (files and folders) into the slide files to process.</summary>
internal static class SlidePaths
{
    private static readonly string[] SlideExtensions = [".svs", ".ndpi", ".mrxs", ".scn", ".tif", ".tiff", ".vms", ".vmu", ".svslide", ".bif"];

    /// <summary>Files as given; folders expanded to the slide files directly inside them, sorted by name.</summary>
    public static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => SlideExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }

        return files.Count > 0 ? files : throw new ArgumentException("No slide files found in the given paths.");
    }
}
