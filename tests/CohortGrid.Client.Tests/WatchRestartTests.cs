using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;

namespace CohortGrid.Client.Tests;

/// <summary>
/// A watch that outlives a restart of the host: a host of its own over 8 slides copied from the sample (enough work
/// that the cohort is still running when the host is stopped right after the first status).
/// </summary>
public sealed class WatchRestartTests(SampleCluster cluster)
{
    [Fact]
    public async Task Watch_survives_a_server_restart_in_the_middle_and_ends_with_the_terminal_state()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("cohortgrid-restart");
        var slides = CopySampleSlides(data.Path, count: 8);
        CopyModel(data.Path, "tiny-cnn-encoder");
        await using var host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { DataDirectory = data.Path, ApiKey = "cg_restart_key", StartTimeout = TimeSpan.FromSeconds(120) }, cancellationToken);
        using var client = CohortGridClient.Create(new CohortGridClientOptions { BaseAddress = host.BaseAddress, ApiKey = host.ApiKey, RetryDelay = TimeSpan.FromMilliseconds(200) });
        var request = new CohortSubmissionRequest { Name = "restart", Slides = [.. slides.Select((s, i) => new ManifestSlide($"s{i + 1}", $"p{i + 1}", s))] };
        var watch = new WatchOptions { InitialInterval = TimeSpan.FromMilliseconds(250), MaxInterval = TimeSpan.FromSeconds(2), GiveUpAfter = TimeSpan.FromMinutes(2) };

        var submitted = await client.SubmitAsync(request, cancellationToken);
        var seen = new List<CohortStatus>();
        Task? restart = null;
        int? stopExitCode = null;
        await foreach (var status in client.WatchAsync(submitted.Id, watch, cancellationToken))
        {
            seen.Add(status);
            if (restart is null)
            {
                // SIGTERM, as an operator's restart; killed if still running after 30 s.
                stopExitCode = await host.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
                restart = Task.Run(
                    async () =>
                    {
                        await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken);
                        await host.StartAsync(cancellationToken);
                    },
                    cancellationToken);
            }
        }

        Assert.NotNull(restart);
        await restart;
        var final = seen[^1];
        Assert.False(seen[0].IsFinished, "The cohort finished before the host was stopped; the restart proved nothing.");
        Assert.True(final.IsFinished);
        Assert.True(final.State == CohortState.Completed, $"Ended {final.State}: {string.Join("; ", final.Slides.Select(s => $"{s.SlideId} {s.State} {s.ErrorReason}"))}{Environment.NewLine}{host.RecentOutput()}");
        Assert.Equal(8, final.SlidesCompleted);
        Assert.True(stopExitCode is not null, "The host was not running when it was to be stopped.");
        Assert.True(host.IsRunning, $"The restarted host is not running. {host.RecentOutput()}");
    }

    private List<string> CopySampleSlides(string data, int count)
    {
        var target = Directory.CreateDirectory(Path.Combine(data, "slides")).FullName;
        var copied = new List<string>();
        foreach (var slide in Directory.GetFiles(cluster.SampleDirectory, "*.tiff").Order(StringComparer.Ordinal).Take(count))
        {
            var path = Path.Combine(target, Path.GetFileName(slide));
            File.Copy(slide, path);
            copied.Add(path);
        }

        Assert.Equal(count, copied.Count);
        return copied;
    }

    private void CopyModel(string data, string encoderId)
    {
        var models = Directory.CreateDirectory(Path.Combine(data, "models")).FullName;
        foreach (var file in Directory.GetFiles(cluster.ModelsDirectory, encoderId + ".*"))
        {
            File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
        }
    }
}
