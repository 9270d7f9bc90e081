using System.Text.RegularExpressions;
using CohortGrid.Contracts;
using CohortGrid.Grains.Persistence;
using CohortGrid.Grains.Tests.Cohorts;
using CohortGrid.Storage;
using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Formats;
using CohortGrid.Testing;
using CohortGrid.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Storage;

/// <summary>Cohorts whose slides, results and grain state live in Azure Blob Storage (the real Azurite emulator).</summary>
public sealed class AzureCohortTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cohort_of_blob_slides_writes_every_output_to_blob_storage_in_the_documented_formats()
    {
        var server = await azurite.EnsureRunningAsync(Cancellation);
        using var data = new TempDirectory();
        var setup = await Setup.CreateAsync(server, slideCount: 3);
        await using var cluster = await StartAsync(setup, data.Path);
        var slides = setup.Manifest.Slides.ToList();

        // One slide named by its URL on the account, as researchers copy it from the portal.
        slides[2] = slides[2] with { Location = $"{server.BlobEndpoint}/{setup.SlideContainer}/{Path.GetFileName(CohortTestData.Slides[2])}" };
        var cohort = cluster.Client.GetGrain<ICohortGrain>("blob-cohort");
        await cohort.Submit(new CohortSubmission(setup.Manifest with { Slides = slides }, CohortTestData.EncoderId));
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(120));

        Assert.Equal(CohortState.Completed, status.State);
        var names = await ResultBlobs.NamesAsync(setup.Store, setup.ResultsContainer, "cohorts/blob-cohort/", Cancellation);
        Assert.Equal(ResultBlobs.Expected("blob-cohort", ["s01", "s02", "s03"]).Order(StringComparer.Ordinal), names);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "results")), "results went to the local folder instead of blob storage");
        Assert.NotEmpty(await ResultBlobs.NamesAsync(setup.Store, setup.StateContainer, "", Cancellation));

        // features.h5 through the HDF Group's own reader: N x 64 float32 features, N x 2 int64 level-0 coordinates.
        var results = (await cohort.GetResults()).ToDictionary(r => r.SlideId);
        var local = Path.Combine(data.Path, "s01-features.h5");
        await setup.Store.DownloadToFileAsync(setup.ResultsContainer, "cohorts/blob-cohort/slides/s01/features.h5", local, cancellationToken: Cancellation);
        var header = H5Dump.Run(local, "-H");
        var tiles = results["s01"].Tiles;
        Assert.True(tiles > 0);
        Assert.Matches(DatasetPattern("features", "H5T_IEEE_F32LE", tiles, 64), header);
        Assert.Matches(DatasetPattern("coords", "H5T_STD_I64LE", tiles, 2), header);
        Assert.Contains("ATTRIBUTE \"encoder_id\"", header, StringComparison.Ordinal);
        Assert.Contains("ATTRIBUTE \"tile_size\"", header, StringComparison.Ordinal);

        // slide_vectors.parquet: one row per slide, in manifest order, with the slide vectors the grains computed.
        var parquet = await setup.Store.ReadAsync(setup.ResultsContainer, "cohorts/blob-cohort/slide_vectors.parquet", Cancellation);
        var rows = await SlideVectorsFile.ReadAsync(new MemoryStream(parquet!.Content.ToArray()), Cancellation);
        Assert.Equal(["s01", "s02", "s03"], rows.Select(r => r.SlideId));
        Assert.All(rows, row =>
        {
            Assert.Equal(64, row.Vector.Length);
            Assert.Equal(results[row.SlideId].SlideVector, row.Vector);
            Assert.Equal(results[row.SlideId].PatientId, row.PatientId);
        });
    }

    [Fact]
    public async Task A_second_cohort_over_the_same_blob_slides_downloads_nothing()
    {
        var server = await azurite.EnsureRunningAsync(Cancellation);
        using var data = new TempDirectory();
        var setup = await Setup.CreateAsync(server, slideCount: 2);
        var counter = new RequestCounter();
        await using var cluster = await StartAsync(setup, data.Path, counter);

        var first = cluster.Client.GetGrain<ICohortGrain>("first");
        await first.Submit(new CohortSubmission(setup.Manifest, CohortTestData.EncoderId));
        Assert.Equal(CohortState.Completed, (await CohortCluster.WaitAsync(first, s => s.IsFinished, TimeSpan.FromSeconds(120))).State);
        var downloadsOfFirst = counter.Count("GET", setup.SlideContainer);

        var second = cluster.Client.GetGrain<ICohortGrain>("second");
        await second.Submit(new CohortSubmission(setup.Manifest with { Name = "again" }, CohortTestData.EncoderId));
        Assert.Equal(CohortState.Completed, (await CohortCluster.WaitAsync(second, s => s.IsFinished, TimeSpan.FromSeconds(120))).State);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"slide container: first cohort {downloadsOfFirst} GET, {counter.Count("HEAD", setup.SlideContainer)} HEAD in total; second cohort {counter.Count("GET", setup.SlideContainer) - downloadsOfFirst} GET");
        Assert.True(downloadsOfFirst >= 2, $"expected the first cohort to download both slides, saw {downloadsOfFirst} GET requests");
        Assert.Equal(downloadsOfFirst, counter.Count("GET", setup.SlideContainer));
        Assert.Equal(
            ResultBlobs.Expected("second", ["s01", "s02"]).Order(StringComparer.Ordinal),
            await ResultBlobs.NamesAsync(setup.Store, setup.ResultsContainer, "cohorts/second/", Cancellation));
    }

    [Fact]
    public async Task Storage_down_for_ten_seconds_mid_cohort_loses_duplicates_and_half_writes_nothing()
    {
        var server = await azurite.EnsureRunningAsync(Cancellation);
        using var data = new TempDirectory();
        var setup = await Setup.CreateAsync(server, slideCount: 6);
        await using var cluster = await StartAsync(setup, data.Path, configure: o =>
        {
            o.MaxConcurrentSlides = 2;
            o.BatchesInFlightPerSlide = 1;
            o.StallTimeout = TimeSpan.FromSeconds(60); // slides waiting on storage are not stalled
        });
        var cohort = cluster.Client.GetGrain<ICohortGrain>("outage");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var watcher = WatchForPartialBlobsAsync(setup, "cohorts/outage/", watching.Token);

        await cohort.Submit(new CohortSubmission(setup.Manifest, CohortTestData.EncoderId));
        await CohortCluster.WaitAsync(cohort, s => s.SlidesCompleted >= 1, TimeSpan.FromSeconds(120));
        var before = await cohort.GetStatus();
        await server.StopAsync(Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(10), Cancellation);
        await server.StartAsync(Cancellation);
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(180));
        await watching.CancelAsync();
        var (checkedBlobs, problems) = await watcher;

        Assert.False(before.IsFinished, "the cohort finished before storage went down; the test needs slower slides");
        Assert.Equal(CohortState.Completed, status.State);
        Assert.All(status.Slides, s => Assert.Equal(SlideState.Completed, s.State));
        Assert.Empty(problems);
        Assert.True(checkedBlobs > 0, "the watcher never saw an output");
        var slideIds = setup.Manifest.Slides.Select(s => s.SlideId).ToList();
        var names = await ResultBlobs.NamesAsync(setup.Store, setup.ResultsContainer, "cohorts/outage/", Cancellation);
        Assert.Equal(ResultBlobs.Expected("outage", slideIds).Order(StringComparer.Ordinal), names);
        foreach (var name in names)
        {
            var blob = await setup.Store.ReadAsync(setup.ResultsContainer, name, Cancellation);
            Assert.Null(await ResultBlobs.ProblemAsync(name, blob!.Content, Cancellation));
        }

        var parquet = await setup.Store.ReadAsync(setup.ResultsContainer, "cohorts/outage/slide_vectors.parquet", Cancellation);
        var rows = await SlideVectorsFile.ReadAsync(new MemoryStream(parquet!.Content.ToArray()), Cancellation);
        Assert.Equal(slideIds, rows.Select(r => r.SlideId));
        var summary = ResultBlobs.Text((await setup.Store.ReadAsync(setup.ResultsContainer, "cohorts/outage/summary.json", Cancellation))!.Content);
        Assert.Equal(slideIds.Count, Regex.Count(summary, "\"featuresPath\""));
    }

    private static Task<InProcessTestCluster> StartAsync(Setup setup, string dataDirectory, RequestCounter? counter = null, Action<CohortGridOptions>? configure = null) =>
        CohortCluster.StartAsync(
            1,
            _ => "cpu,gpu",
            dataDirectory,
            o =>
            {
                o.Storage.Kind = StorageKind.AzureBlob;
                o.Storage.ConnectionString = setup.ConnectionString;
                o.Storage.ResultsContainer = setup.ResultsContainer;
                o.Storage.StateContainer = setup.StateContainer;
                o.Storage.SlideContainers.Add(setup.SlideContainer);
                configure?.Invoke(o);
            },
            services: counter is null ? null : services =>
            {
                // The same store the silo would build, with a policy that counts the requests it sends.
                var clientOptions = AzureBlobStore.CreateClientOptions();
                clientOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
                services.AddSingleton(sp => BlobStoreFactory.Create(
                    new StorageOptions { Kind = StorageKind.AzureBlob, ConnectionString = setup.ConnectionString },
                    dataDirectory,
                    NullLoggerFactory.Instance,
                    clientOptions));
            });

    /// <summary>
    /// Lists and reads every output of the cohort over and over while it runs, outage included (calls that fail
    /// while storage is down are skipped), and records any blob that is not a whole file.
    /// </summary>
    private static async Task<(int Checked, List<string> Problems)> WatchForPartialBlobsAsync(Setup setup, string prefix, CancellationToken stop)
    {
        await Task.Yield();
        var watcher = new AzureBlobStore(setup.ConnectionString);
        var problems = new List<string>();
        var checkedBlobs = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var name in await ResultBlobs.NamesAsync(watcher, setup.ResultsContainer, prefix, stop))
                {
                    if (await watcher.ReadAsync(setup.ResultsContainer, name, stop) is { } blob)
                    {
                        checkedBlobs++;
                        if (await ResultBlobs.ProblemAsync(name, blob.Content, stop) is { } problem)
                        {
                            problems.Add($"{name}: {problem}");
                        }
                    }
                }

                await Task.Delay(200, stop);
            }
            catch (BlobStoreException)
            {
                // Storage is down: nothing to see.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        return (checkedBlobs, problems);
    }

    private static Regex DatasetPattern(string name, string type, int rows, int columns) =>
        new($"DATASET \"{name}\" {{\\s*DATATYPE\\s+{type}\\s*DATASPACE\\s+SIMPLE {{ \\( {rows}, {columns} \\) / \\( {rows}, {columns} \\) }}");

    /// <summary>Containers of one test, and the test slides uploaded as blobs.</summary>
    private sealed record Setup(string ConnectionString, AzureBlobStore Store, string SlideContainer, string ResultsContainer, string StateContainer, CohortManifest Manifest)
    {
        public static async Task<Setup> CreateAsync(AzuriteServer server, int slideCount)
        {
            var store = new AzureBlobStore(server.ConnectionString);
            var slides = AzuriteFixture.NewContainerName("slides");
            var manifest = CohortTestData.Manifest(slideCount, "blob cohort");
            var located = new List<ManifestSlide>();
            foreach (var slide in manifest.Slides)
            {
                var name = Path.GetFileName(slide.Location);
                await store.UploadFileAsync(slides, name, slide.Location, BlobCondition.None, Cancellation);
                located.Add(slide with { Location = $"az://{slides}/{name}" });
            }

            return new Setup(server.ConnectionString, store, slides, AzuriteFixture.NewContainerName("results"), AzuriteFixture.NewContainerName("state"), manifest with { Slides = located });
        }
    }
}
