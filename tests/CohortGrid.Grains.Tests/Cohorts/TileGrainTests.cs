using CohortGrid.Contracts;
using CohortGrid.Embedding;
using CohortGrid.Grains.Services;
using CohortGrid.Inference;
using CohortGrid.Slides;
using CohortGrid.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CohortGrid.Grains.Tests.Cohorts;

public sealed class TileGrainTests
{
    [Fact]
    public async Task A_tile_batch_returns_embeddings_and_the_outputs_of_requested_tile_heads()
    {
        using var data = new TempDirectory();
        var models = Path.Combine(data.Path, "models");
        Directory.CreateDirectory(models);
        foreach (var file in Directory.GetFiles(CohortTestData.ModelsDirectory))
        {
            File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
        }

        // A two-gene tile head over the 64-d embeddings: gene A = first value, gene B = sum of all.
        using var head = LinearHead.Create("genes", "1", ModelKind.TileHead, [[1f, .. new float[63]], [.. Enumerable.Repeat(1f, 64)]], [0f, 0f], ["GENEA", "GENEB"]);
        head.Card.Save(Path.Combine(models, "genes.card.json"));
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path, o => o.ModelsDirectory = models);
        using var slide = SlideImage.Open(CohortTestData.Slides[0]);
        var card = ModelCard.Load(Path.Combine(models, "tiny-cnn-encoder.card.json"));
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(card));
        var tiles = plan.Grid.Tiles.Take(5).ToList();

        var result = await cluster.Client.GetGrain<ITileGrain>("heads/s1/0").Embed(new TileBatchRequest
        {
            SlideLocation = slide.Path,
            EncoderId = card.Id,
            Level = plan.Grid.Level,
            ReadWidth = plan.Grid.ReadWidth,
            ReadHeight = plan.Grid.ReadHeight,
            Coordinates = [.. tiles.SelectMany(t => new[] { t.X, t.Y })],
            TileHeadIds = ["genes"],
        });

        var kept = result.Kept.Count(k => k);
        Assert.Equal(kept * 64, result.Embeddings.Length);
        var scores = result.HeadOutputs["genes"];
        Assert.Equal(kept * 2, scores.Length);
        for (var r = 0; r < kept; r++)
        {
            Assert.Equal(result.Embeddings[r * 64], scores[2 * r], 5);
            Assert.Equal(result.Embeddings.AsSpan(r * 64, 64).ToArray().Sum(), scores[(2 * r) + 1], 3);
        }
    }

    [Fact]
    public async Task A_stopping_gpu_silo_refuses_a_new_batch_without_embedding_it()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(1, _ => "cpu,gpu", data.Path);
        var meter = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<SiloWorkMeter>();
        using var slide = SlideImage.Open(CohortTestData.Slides[0]);
        var card = ModelCard.Load(Path.Combine(CohortTestData.ModelsDirectory, CohortTestData.EncoderId + ".card.json"));
        var plan = SlidePlan.Create(slide, options: EncoderSettings.PlanOptions(card));
        var request = new TileBatchRequest
        {
            SlideLocation = slide.Path,
            EncoderId = card.Id,
            Level = plan.Grid.Level,
            ReadWidth = plan.Grid.ReadWidth,
            ReadHeight = plan.Grid.ReadHeight,
            Coordinates = [.. plan.Grid.Tiles.Take(4).SelectMany(t => new[] { t.X, t.Y })],
        };
        var grain = cluster.Client.GetGrain<ITileGrain>("stopping/s1/0");
        var embeddedBefore = (await grain.Embed(request)).Kept.Count(k => k);
        var tilesBefore = meter.TilesEmbedded;

        // What TileWorkDrain does when the silo stops.
        meter.Close();
        var refused = await Assert.ThrowsAsync<TileBatchException>(() => grain.Embed(request));

        Assert.Equal(TileBatchException.SiloStoppingReason, refused.Reason);
        Assert.True(embeddedBefore > 0);
        Assert.Equal(tilesBefore, meter.TilesEmbedded);
        Assert.Equal(1, meter.BatchesRefused);
        Assert.Equal(0, meter.BatchesInFlight);
    }
}
