using CohortGrid.SampleData.Models;

namespace CohortGrid.SampleData.Tests;

/// <summary>Lets encoder tests run as theories over the model id.</summary>
internal static class TestModels
{
    public static string WriteEncoder(string id, string directory, int seed = SampleModels.DefaultSeed) => id switch
    {
        SampleModels.TinyCnnId => SampleModels.WriteTinyCnn(directory, seed),
        SampleModels.ResNet50Layer3Id => SampleModels.WriteResNet50Layer3(directory, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not an encoder id."),
    };
}
