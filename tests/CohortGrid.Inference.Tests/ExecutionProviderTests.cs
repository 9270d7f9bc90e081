using Microsoft.Extensions.Logging;

namespace CohortGrid.Inference.Tests;

public sealed class ExecutionProviderTests
{
    [Fact]
    public void Cuda_requested_without_a_gpu_build_falls_back_to_cpu_and_says_why()
    {
        var logger = new ListLogger();

        using var model = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard), new InferenceOptions { Provider = ExecutionProviderKind.Cuda }, logger);

        Assert.Equal("CPU", model.Provider);
        Assert.Contains("CUDA", model.ProviderReason, StringComparison.Ordinal);
        Assert.Contains("no CUDAExecutionProvider", model.ProviderReason, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CUDA unavailable, falling back", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("runs on CPU (CPU fallback:", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_uses_the_best_provider_this_build_has()
    {
        using var model = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard));

        var expected = ExecutionProviders.Available.Contains(ExecutionProviders.TensorRtName) ? "TensorRT"
            : ExecutionProviders.Available.Contains(ExecutionProviders.CudaName) ? "CUDA" : "CPU";
        Assert.Equal(expected, model.Provider);
    }

    [Fact]
    public void Cpu_requested_is_cpu_without_warnings()
    {
        var logger = new ListLogger();

        using var model = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard), new InferenceOptions { Provider = ExecutionProviderKind.Cpu }, logger);

        Assert.Equal("CPU", model.Provider);
        Assert.Equal("CPU requested", model.ProviderReason);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Fp16_output_rounds_embeddings_to_half_precision()
    {
        using var full = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard));
        using var half = OnnxModel.Load(ModelCard.Load(Models.MobileNetCard), new InferenceOptions { Fp16Output = true });
        var input = RandomTiles(2, full.InputRowLength, seed: 3);
        var a = new float[2 * 1280];
        var b = new float[2 * 1280];

        full.Run(input, 2, a);
        half.Run(input, 2, b);

        Assert.All(b, v => Assert.Equal(v, (float)(Half)v));
        Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First - p.Second) <= Math.Max(1e-3f, Math.Abs(p.First) * 1e-3f)));
    }

    internal static float[] RandomTiles(int count, int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return data;
    }
}
