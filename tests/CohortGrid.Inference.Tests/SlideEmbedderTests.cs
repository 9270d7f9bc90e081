using CohortGrid.Embedding;
using CohortGrid.Inference.Batching;
using CohortGrid.SampleData;
using CohortGrid.SampleData.Models;
using CohortGrid.Slides;
using CohortGrid.Testing;

namespace CohortGrid.Inference.Tests;

public sealed class SlideEmbedderTests
{
    [Fact]
    public async Task Embedding_a_slide_gives_one_row_per_kept_tile_in_grid_order_and_the_mean_as_slide_vector()
    {
        using var temp = new TempDirectory();
        using var model = ModelLoader.Load(SampleModels.WriteTinyCnn(temp.Path));
        await using var batcher = new InferenceBatcher(model);
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(model.Card));
        var progress = new List<int>();

        var embedding = await new SlideEmbedder(batcher) { ChunkSize = 16 }.EmbedAsync(slide, plan, new SynchronousProgress(progress), TestContext.Current.CancellationToken);

        Assert.Equal(64, embedding.Dimension);
        Assert.Equal(embedding.Tiles.Count * 64, embedding.Features.Length);
        Assert.Equal([.. embedding.Tiles.OrderBy(t => t.Index)], embedding.Tiles);
        Assert.Equal(embedding.Tiles[0].X, embedding.Coordinates[0]);
        Assert.Equal(embedding.Tiles[^1].Y, embedding.Coordinates[^1]);
        for (var d = 0; d < 64; d++)
        {
            var mean = Enumerable.Range(0, embedding.Tiles.Count).Average(r => embedding.Features[(r * 64) + d]);
            Assert.Equal(mean, embedding.SlideVector[d], 4);
        }

        Assert.Equal(plan.Grid.Tiles.Count, progress[^1]);
        var direct = new float[64];
        var preprocessor = new Slides.Preprocessing.TilePreprocessor(slide, plan.Grid, EncoderSettings.Preprocessing(model.Card));
        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Process(embedding.Tiles[5], tensor);
        model.Run(tensor, 1, direct);
        GeneratedModelTests.AssertClose(direct, embedding.Features[(5 * 64)..(6 * 64)], 1e-5f);
    }

    [Fact]
    public async Task A_slide_without_tissue_embeds_to_zero_tiles_and_a_zero_vector()
    {
        using var temp = new TempDirectory();
        using var model = ModelLoader.Load(SampleModels.WriteTinyCnn(temp.Path));
        await using var batcher = new InferenceBatcher(model);
        var path = temp.File("blank.tiff");
        SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 2000, Height = 1500, Blank = true, Seed = 2 }, path, TestContext.Current.CancellationToken);
        using var slide = SlideImage.Open(path);
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(model.Card));

        var embedding = await new SlideEmbedder(batcher).EmbedAsync(slide, plan, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(embedding.Tiles);
        Assert.Empty(embedding.Features);
        Assert.All(embedding.SlideVector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Plan_options_follow_the_encoders_card()
    {
        var card = ModelCard.Load(Models.MobileNetCard) with { TargetMpp = 1.0, InputSize = 256 };

        var options = EncoderSettings.PlanOptions(card);

        Assert.Equal(1.0, options.Grid.TargetMpp);
        Assert.Equal(256, options.Grid.TileSize);
        Assert.Equal(256, EncoderSettings.Preprocessing(card).InputSize);
    }

    private sealed class SynchronousProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
