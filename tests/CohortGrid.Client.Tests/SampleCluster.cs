using System.Diagnostics;
using CohortGrid.Testing.Hosting;

[assembly: AssemblyFixture(typeof(CohortGrid.Client.Tests.SampleCluster))]

namespace CohortGrid.Client.Tests;

/// <summary>
/// One real host for the whole assembly (<see cref="SiloHostProcess"/>), started with <c>--sample</c>: ready once the
/// sample cohort (9 synthetic slides, the generated encoder) has finished, so its manifest, slides, models and results
/// can be used by every test. Tests submit cohorts of their own under names of their own.
/// </summary>
public sealed class SampleCluster : IAsyncLifetime
{
    public const string SampleCohortName = "sample cohort";

    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(150);

    private SiloHostProcess? _host;

    public string ApiKey { get; } = "cg_test_" + Guid.NewGuid().ToString("N");

    public SiloHostProcess Host => _host ?? throw new InvalidOperationException("The host did not start.");

    public Uri Url => Host.BaseAddress;

    /// <summary><c>&lt;data&gt;/sample/manifest.csv</c>: the sample slides with absolute paths.</summary>
    public string SampleManifest => Path.Combine(SampleDirectory, "manifest.csv");

    public string SampleDirectory => Path.Combine(Host.DataDirectory, "sample");

    public string ModelsDirectory => Host.ModelsDirectory;

    /// <summary>The id of the finished sample cohort.</summary>
    public string SampleCohortId { get; private set; } = "";

    /// <summary>A client with the right key; the caller disposes it.</summary>
    public CohortGridClient NewClient() => CohortGridClient.Create(Url, ApiKey);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // A temporary data folder of the host's own, deleted with it.
        _host = await SiloHostProcess.StartNewAsync(new SiloHostOptions { ApiKey = ApiKey, Arguments = ["--sample"], StartTimeout = TimeSpan.FromSeconds(120) }, cancellationToken);
        using var client = NewClient();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var sample = (await client.ListAsync(cancellationToken)).FirstOrDefault(c => c.Name == SampleCohortName);
            if (sample is { CompletedAt: not null } && File.Exists(SampleManifest))
            {
                Assert.True(sample.State == CohortState.Completed, $"The sample cohort ended {sample.State}. Host output:{Environment.NewLine}{Host.RecentOutput()}");
                SampleCohortId = sample.Id;
                return;
            }

            if (watch.Elapsed > SampleTimeout)
            {
                Assert.Fail($"The sample cohort did not finish within {SampleTimeout.TotalSeconds} s. Host output:{Environment.NewLine}{Host.RecentOutput()}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
