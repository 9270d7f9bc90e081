using CohortGrid.Embedding;
using CohortGrid.Inference.Batching;
using CohortGrid.Slides;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

/// <summary>Embeddings must not depend on how tiles were batched or how often a slide is processed.</summary>
public sealed class EmbeddingConsistencyTests
{
    [Fact]
    public void A_tile_embedded_alone_equals_the_same_tile_inside_a_batch_of_32()
    {
        using var model = ModelLoader.Load(Models.MobileNetCard);
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(model.Card));
        var preprocessor = new TilePreprocessor(slide, plan.Grid, EncoderSettings.Preprocessing(model.Card));
        var length = preprocessor.TensorLength;
        var batch = new float[32 * length];
        for (var i = 0; i < 32; i++)
        {
            preprocessor.Process(plan.Grid.Tiles[i % plan.Grid.Tiles.Count], batch.AsSpan(i * length, length));
        }

        var together = new float[32 * 1280];
        model.Run(batch, 32, together);
        foreach (var i in new[] { 0, 7, 31 })
        {
            var alone = new float[1280];
            model.Run(batch.AsMemory(i * length, length), 1, alone);
            GeneratedModelTests.AssertClose(alone, together[(i * 1280)..((i + 1) * 1280)], 1e-5f);
        }
    }

    [Fact]
    public async Task The_same_slide_embedded_twice_gives_identical_features()
    {
        using var model = ModelLoader.Load(Models.MobileNetCard);
        await using var batcher = new InferenceBatcher(model);
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(model.Card));
        var embedder = new SlideEmbedder(batcher);

        var first = await embedder.EmbedAsync(slide, plan, cancellationToken: TestContext.Current.CancellationToken);
        var second = await embedder.EmbedAsync(slide, plan, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(plan.Grid.Tiles.Count, first.Tiles.Count + first.QcDropped);
        Assert.True(first.Tiles.Count > 40);
        Assert.Equal(first.Features, second.Features);
        Assert.Equal(first.Coordinates, second.Coordinates);
    }
}
