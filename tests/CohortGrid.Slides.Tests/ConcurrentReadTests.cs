using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class ConcurrentReadTests
{
    [Theory]
    [InlineData(true)]  // libtiff reader with its shared tile cache
    [InlineData(false)] // openslide_read_region
    public async Task Eight_threads_reading_random_tiles_from_one_handle_get_the_serial_pixels(bool directTiffReads)
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"), directTiffReads);
        const int Tiles = 64, Size = 224, Threads = 8;
        var random = new Random(11);
        var positions = Enumerable.Range(0, Tiles)
            .Select(_ => (X: random.NextInt64(0, slide.Width - Size), Y: random.NextInt64(0, slide.Height - Size)))
            .ToArray();
        var serial = positions.Select(p => slide.ReadRegion(p.X, p.Y, 0, Size, Size).Pixels).ToArray();

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                // Each thread walks the tiles in its own order so reads of the same JPEG tiles overlap.
                var mismatches = new List<int>();
                var buffer = new uint[Size * Size];
                for (var k = 0; k < Tiles; k++)
                {
                    var i = ((k * 7) + (t * 13)) % Tiles;
                    slide.ReadRegion(positions[i].X, positions[i].Y, 0, Size, Size, buffer);
                    if (!buffer.AsSpan().SequenceEqual(serial[i]))
                    {
                        mismatches.Add(i);
                    }
                }

                return mismatches;
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));

        var results = await Task.WhenAll(workers);

        Assert.All(results, Assert.Empty);
    }
}
