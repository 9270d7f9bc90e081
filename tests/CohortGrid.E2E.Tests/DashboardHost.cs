using CohortGrid.SampleData.Models;
using CohortGrid.Testing;
using CohortGrid.Testing.Hosting;
using Microsoft.Playwright;

namespace CohortGrid.E2E.Tests;

/// <summary>
/// Shared by the dashboard tests: one silo (<see cref="SiloHostProcess"/>, started on first use, so a missing browser
/// skips before anything runs), the cohorts to upload, and one headless Chromium.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string ApiKey = "cg_e2e-test-key-0123456789";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TempDirectory _folder = new("cohortgrid-e2e");
    private SiloHostProcess? _silo;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private CohortFiles? _labelled;
    private CohortFiles? _broken;

    public Uri BaseAddress => _silo?.BaseAddress ?? throw new InvalidOperationException("Not started.");

    internal CohortFiles Labelled => _labelled ?? throw new InvalidOperationException("Not started.");

    internal CohortFiles Broken => _broken ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>The last lines the silo printed.</summary>
    public string SiloLog => _silo?.RecentOutput() ?? "";

    /// <summary>Where screenshots go: <c>COHORTGRID_E2E_ARTIFACTS</c>, else <c>{repo}/TestResults/e2e</c>.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("COHORTGRID_E2E_ARTIFACTS");
            var folder = string.IsNullOrWhiteSpace(configured) ? Path.Combine(TestData.RepositoryRoot, "TestResults", "e2e") : Path.GetFullPath(configured);
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>Skips (or fails under CI) without Chromium; otherwise starts everything once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(ChromiumPath))
        {
            Prerequisite.Missing($"Chromium is not installed at {ChromiumPath} (Debian package chromium; scripts/setup.sh installs it).");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_browser is not null)
            {
                return;
            }

            var data = Path.Combine(_folder.Path, "data");
            var models = Path.Combine(data, "models");
            Directory.CreateDirectory(data);

            // Slides and models first: the silo's start and the browser's launch overlap nothing heavy.
            var prepare = Task.Run(
                () =>
                {
                    SampleModels.EnsureAll(models);
                    _labelled = CohortFiles.Labelled(data, Path.Combine(_folder.Path, "upload"));
                    _broken = CohortFiles.Broken(_labelled, Path.Combine(_folder.Path, "upload"));
                },
                cancellationToken);
            _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] }).ConfigureAwait(false);
            await prepare.ConfigureAwait(false);
            _silo = await SiloHostProcess.StartNewAsync(new SiloHostOptions { ApiKey = ApiKey, DataDirectory = data, ModelsDirectory = models }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh browser context (own cookies) at <paramref name="width"/> × <paramref name="height"/>, signed in unless told not to.</summary>
    public async Task<IPage> NewPageAsync(bool signIn = true, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } }).ConfigureAwait(false);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        if (signIn)
        {
            await page.GotoAsync("/signin").ConfigureAwait(false);
            await page.GetByLabel("API key").FillAsync(ApiKey).ConfigureAwait(false);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync().ConfigureAwait(false);
            await page.WaitForURLAsync(BaseAddress.ToString()).ConfigureAwait(false);
        }

        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync().ConfigureAwait(false);
        }

        _playwright?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync().ConfigureAwait(false);
        }

        _folder.Dispose();
        _gate.Dispose();
    }
}
