using System.Security.Cryptography;
using CohortGrid.SampleData.Models;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SampleModelDeterminismTests
{
    [Theory]
    [InlineData(SampleModels.TinyCnnId)]
    [InlineData(SampleModels.ResNet50Layer3Id)]
    public void Same_seed_gives_identical_files(string id)
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        TestModels.WriteEncoder(id, first.Path, seed: 11);
        TestModels.WriteEncoder(id, second.Path, seed: 11);

        Assert.True(File.ReadAllBytes(first.File($"{id}.onnx")).AsSpan().SequenceEqual(File.ReadAllBytes(second.File($"{id}.onnx"))));
        Assert.Equal(File.ReadAllText(first.File($"{id}.card.json")), File.ReadAllText(second.File($"{id}.card.json")));
    }

    [Theory]
    [InlineData(SampleModels.TinyCnnId)]
    [InlineData(SampleModels.ResNet50Layer3Id)]
    public void Different_seed_gives_different_weights(string id)
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        TestModels.WriteEncoder(id, first.Path, seed: 1);
        TestModels.WriteEncoder(id, second.Path, seed: 2);

        var a = File.ReadAllBytes(first.File($"{id}.onnx"));
        var b = File.ReadAllBytes(second.File($"{id}.onnx"));
        // Same graph, so same size; only the weights differ.
        Assert.Equal(a.Length, b.Length);
        Assert.False(a.AsSpan().SequenceEqual(b));
    }

    [Fact]
    public void Linear_head_weights_follow_the_seed()
    {
        var weights = SampleModels.LinearHeadWeights(8, 2, seed: 5);

        Assert.True(weights.Weight.Span.SequenceEqual(SampleModels.LinearHeadWeights(8, 2, seed: 5).Weight.Span));
        Assert.False(weights.Weight.Span.SequenceEqual(SampleModels.LinearHeadWeights(8, 2, seed: 6).Weight.Span));
    }

    [Fact]
    public void Tiny_cnn_bytes_are_pinned_for_this_generator_version()
    {
        using var temp = new TempDirectory();

        SampleModels.WriteTinyCnn(temp.Path);

        // A change here means every cached model is stale: bump SampleModels.GeneratorVersion with it.
        Assert.Equal(1, SampleModels.GeneratorVersion);
        Assert.Equal(
            "fc197c1f71e5229a4168ae5f41edd50e0ffe2ad02ec6d51817cd79d99b260684",
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.File("tiny-cnn-encoder.onnx")))));
    }
}
