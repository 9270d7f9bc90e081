using System.Diagnostics;
using CohortGrid.Testing;

[assembly: AssemblyFixture(typeof(CohortGrid.Client.Tests.SampleCluster))]

namespace CohortGrid.Client.Tests;

/// <summary>
/// One real host for the whole assembly, started with <c>--sample</c>: ready once the sample cohort (9 synthetic
/// slides, the generated encoder) has finished, so its manifest, slides, models and results can be used by every test.
/// Tests submit cohorts of their own under names of their own.
/// </summary>
public sealed class SampleCluster : IAsyncLifetime
{
    public const string SampleCohortName = "sample cohort";

    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(150);

    private readonly TempDirectory _data = new("cohortgrid-client-tests");
    private SiloProcess? _host;

    public string ApiKey { get; } = "cg_test_" + Guid.NewGuid().ToString("N");

    public SiloProcess Host => _host ?? throw new InvalidOperationException("The host did not start.");

    public Uri Url => Host.Url;

    /// <summary><c>&lt;data&gt;/sample/manifest.csv</c>: the sample slides with absolute paths.</summary>
    public string SampleManifest => Path.Combine(_data.Path, "sample", "manifest.csv");

    public string SampleDirectory => Path.Combine(_data.Path, "sample");

    public string ModelsDirectory => Path.Combine(_data.Path, "models");

    /// <summary>The id of the finished sample cohort.</summary>
    public string SampleCohortId { get; private set; } = "";

    /// <summary>A client with the right key; the caller disposes it.</summary>
    public CohortGridClient NewClient() => CohortGridClient.Create(Url, ApiKey);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _host = await SiloProcess.StartNewAsync(_data.Path, ApiKey, sample: true, cancellationToken);
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

        _data.Dispose();
    }
}
