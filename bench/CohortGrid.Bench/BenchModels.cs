using CohortGrid.SampleData.Models;

namespace CohortGrid.Bench;

/// <summary>Puts the benchmark's encoders in one folder: the generated ones and a card for the shared real encoder.</summary>
internal static class BenchModels
{
    public static string Prepare(string data)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cohortgrid-bench-models");
        SampleModels.EnsureAll(directory);
        var card = File.ReadAllText(FindMobileNetCard())
            .Replace("../../../../shared/data/models/mobilenetv2-features.onnx", Path.Combine(data, "models", "mobilenetv2-features.onnx"), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "mobilenetv2-features.card.json"), card);
        return directory;
    }

    private static string FindMobileNetCard()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CohortGrid.Inference.Tests", "Assets", "mobilenetv2-features.card.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("mobilenetv2-features.card.json not found in the repository.");
    }
}
