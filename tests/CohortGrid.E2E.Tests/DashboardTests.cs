using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CohortGrid.E2E.Tests;

/// <summary>
/// The dashboard as a researcher uses it, in a real browser against the real host: sign in, submit a broken and a
/// good labelled cohort, follow it to completion, read its results, look at the cluster.
/// </summary>
public sealed partial class DashboardTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    [Fact(Timeout = 120_000)]
    public async Task Sign_in_refuses_a_wrong_key_and_returns_to_the_page_asked_for()
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        var page = await host.NewPageAsync(signIn: false);

        // An anonymous visit is sent to sign in, remembering where it was going.
        await page.GotoAsync("/cluster");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // The page's own assets are served to anyone (the sign-in page needs them), from the assembly.
        foreach (var asset in new[] { "/assets/site.css", "/assets/dashboard.js" })
        {
            var response = await page.APIRequest.GetAsync(asset, new() { MaxRedirects = 0 });
            Assert.True(response.Status == 200, $"{asset}: HTTP {response.Status}");
        }

        // The skip link is the first thing the keyboard reaches.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();

        await page.GetByLabel("API key").FillAsync("cg_not-the-key");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        await Screens.AssertNoHorizontalScrollAsync(page);
        await Screens.ShootAsync(page, "01-signin-wrong-key");

        await page.GetByLabel("API key").FillAsync(DashboardHost.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseAddress, "/cluster").ToString());

        // A return URL to another site is ignored.
        var other = await host.NewPageAsync(signIn: false);
        await other.GotoAsync("/signin?ReturnUrl=https%3A%2F%2Fexample.com%2F");
        await other.GetByLabel("API key").FillAsync(DashboardHost.ApiKey);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(other).ToHaveURLAsync(host.BaseAddress.ToString());

        // Signing out ends the session.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
    }

    [Fact(Timeout = 120_000)]
    public async Task Broken_manifest_shows_every_problem_with_its_row_and_cannot_start()
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        var page = await host.NewPageAsync();
        await page.GotoAsync("/submit");
        await page.GetByLabel("Manifest").SetInputFilesAsync(host.Broken.Manifest);
        await page.GetByLabel("Clinical table").SetInputFilesAsync(host.Broken.Clinical);
        await page.GetByLabel("Name").FillAsync("broken upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();

        var problems = page.Locator("#problems");
        await Expect(problems).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("problem(s) found");
        await Expect(ProblemRow(problems, "duplicate-slide")).ToContainTextAsync("manifest");
        await Expect(ProblemRow(problems, "duplicate-slide").Locator("td").Nth(1)).ToHaveTextAsync("2");
        await Expect(ProblemRow(problems, "location-refused").Locator("td").Nth(1)).ToHaveTextAsync("3");
        await Expect(ProblemRow(problems, "missing-column")).ToContainTextAsync("clinical");
        await Expect(ProblemRow(problems, "missing-column")).ToContainTextAsync("patient_id");
        await Screens.AssertNoHorizontalScrollAsync(page);
        await Screens.ShootAsync(page, "02-submit-broken-validation");

        // Start refuses it too, with the same problems, and nothing is created.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/submit"));
        await Expect(page.Locator("#problems")).ToContainTextAsync("duplicate-slide");
        await page.GotoAsync("/");
        await Expect(page.GetByText("broken upload")).ToHaveCountAsync(0);
    }

    [Fact(Timeout = 240_000)]
    public async Task Labelled_cohort_is_validated_started_and_followed_to_its_results()
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await Screens.ShootAsync(page, "03-cohorts-before");

        await page.GetByRole(AriaRole.Link, new() { Name = "Submit a cohort" }).ClickAsync();
        await page.GetByLabel("Manifest").SetInputFilesAsync(host.Labelled.Manifest);
        await page.GetByLabel("Clinical table").SetInputFilesAsync(host.Labelled.Clinical);
        await page.GetByLabel("Expression table").SetInputFilesAsync(host.Labelled.Expression);
        await page.GetByLabel("Name").FillAsync("E2E planted cohort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.Locator("#report")).ToContainTextAsync($"Valid: {host.Labelled.Slides} slides");
        await Expect(page.Locator("#report")).ToContainTextAsync("With outcome");
        await Screens.ShootAsync(page, "04-submit-valid");

        // Validating started nothing.
        Assert.DoesNotContain("E2E planted cohort", await (await page.APIRequest.GetAsync("/api/cohorts")).TextAsync(), StringComparison.Ordinal);

        var watch = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cohorts/cohort-"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "E2E planted cohort" })).ToBeVisibleAsync();
        await Screens.ShootAsync(page, "05-cohort-started");

        // Live: the bar moves, then reaches 100 % and the state Completed, without a reload.
        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Cohort progress" });
        try
        {
            await page.WaitForFunctionAsync(
                "() => { const v = +document.querySelector('[data-cohort-live] [role=progressbar]').getAttribute('aria-valuenow'); return v >= 20 && v < 100; }",
                null,
                new() { Timeout = 60_000, PollingInterval = 100 });
            await Screens.ShootAsync(page, "06-cohort-progress");
        }
        catch (TimeoutException)
        {
            // Finished between two polls: nothing in between to show.
        }

        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 180_000 });
        await Expect(page.Locator("[data-cohort-live] [data-field=state]")).ToHaveTextAsync("Completed");
        Screens.Log($"cohort completed {watch.Elapsed.TotalSeconds:0.0} s after Start");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel cohort" })).ToBeHiddenAsync();
        await Expect(page.Locator("#slides tbody tr")).ToHaveCountAsync(host.Labelled.Slides);
        await Expect(page.Locator("#slides tbody [data-field=state]").GetByText("Completed", new() { Exact = true })).ToHaveCountAsync(host.Labelled.Slides);

        // Results arrive in place: the KM plot with its figures, the genes, the slide viewer with a heatmap and outline.
        var km = page.Locator("#km-plot");
        await Expect(km).ToBeVisibleAsync();
        await Expect(km).ToHaveAttributeAsync("alt", new Regex("Kaplan–Meier"));
        Assert.True(await IsLoadedAsync(km), "The KM plot image did not load.");
        await Expect(page.Locator("#survival-headline")).ToContainTextAsync(new Regex(@"C-index \d\.\d\d \(95% CI \d\.\d\d–\d\.\d\d\) · log-rank p"));
        await Expect(page.Locator("#genes")).ToContainTextAsync("GRADE_UP1");

        await page.GetByLabel("Heatmap", new() { Exact = true }).SelectOptionAsync("risk");
        var overlay = page.Locator("[data-viewer-overlay]");
        await Expect(overlay).ToBeVisibleAsync();
        await Expect(overlay).ToHaveAttributeAsync("src", new Regex("map_risk\\.png$"));
        await Expect(overlay).ToHaveAttributeAsync("alt", new Regex("risk heatmap of slide"));
        await Expect(page.Locator("[data-viewer-outline]")).ToBeVisibleAsync();
        Assert.True(await IsLoadedAsync(overlay), "The heatmap did not load.");
        Assert.True(await IsLoadedAsync(page.Locator("[data-viewer-thumb]")), "The thumbnail did not load.");

        // Another slide, another heatmap: the gene map.
        var slides = page.GetByLabel("Slide", new() { Exact = true });
        var second = await slides.Locator("option").Nth(1).GetAttributeAsync("value");
        await slides.SelectOptionAsync(second!);
        await page.GetByLabel("Heatmap", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Predicted GRADE_UP1 expression" });
        await Expect(overlay).ToHaveAttributeAsync("src", new Regex($"/slides/{Regex.Escape(second!)}/map_gene_"));
        await page.GetByLabel("Heatmap", new() { Exact = true }).SelectOptionAsync("risk");
        await Expect(page.Locator("#files a[href$='survival.json']")).ToHaveCountAsync(1);
        await Screens.AssertNoHorizontalScrollAsync(page);
        await Screens.ShootAsync(page, "07-cohort-completed-1280");

        // The same page on a 1440 × 900 laptop.
        var laptop = await host.NewPageAsync(width: 1440, height: 900);
        await laptop.GotoAsync(page.Url);
        await Expect(laptop.Locator("#km-plot")).ToBeVisibleAsync();
        await Expect(laptop.Locator("[data-viewer-outline]")).ToBeVisibleAsync();
        await Screens.AssertNoHorizontalScrollAsync(laptop);
        await Screens.ShootAsync(laptop, "08-cohort-completed-1440");

        // The list shows it finished.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cohorts" }).First.ClickAsync();
        var row = page.Locator("#cohorts tbody tr").Filter(new() { HasText = "E2E planted cohort" });
        await Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Completed");
        await Expect(row.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await Screens.AssertNoHorizontalScrollAsync(page);
        await Screens.ShootAsync(page, "09-cohorts-after");

        // The cluster: the one silo, active, with its activations.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cluster" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cluster", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#cluster table tbody tr").First).ToContainTextAsync("Active");
        await Expect(page.Locator("#cluster")).ToContainTextAsync("CohortGrain");
        await Screens.AssertNoHorizontalScrollAsync(page);
        await Screens.ShootAsync(page, "10-cluster");
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancel_asks_first_then_stops_a_running_cohort()
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        var page = await host.NewPageAsync();
        await page.GotoAsync("/submit");
        await page.GetByLabel("Manifest").SetInputFilesAsync(host.Labelled.Manifest);
        await page.GetByLabel("Name").FillAsync("E2E cancelled cohort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cohorts/cohort-"));

        // Dismissing the confirmation keeps it running; accepting cancels it.
        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel cohort" });
        page.Dialog += DismissOnce;
        await cancel.ClickAsync();
        await Expect(page.Locator("[data-cohort-live] [data-field=state]")).Not.ToHaveTextAsync("Cancelled");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await cancel.ClickAsync();
        await Expect(page.Locator("[data-cohort-live] [data-field=state]")).ToHaveTextAsync(new Regex("Cancelled|Completed"));
        await Expect(cancel).ToBeHiddenAsync();
        await Screens.ShootAsync(page, "11-cohort-cancelled");

        void DismissOnce(object? sender, IDialog dialog)
        {
            page.Dialog -= DismissOnce;
            Assert.Contains("Cancel cohort 'E2E cancelled cohort'?", dialog.Message, StringComparison.Ordinal);
            _ = dialog.DismissAsync();
        }
    }

    private Regex SignInUrl() => new($"^{Regex.Escape(host.BaseAddress.ToString())}signin");

    private static ILocator ProblemRow(ILocator table, string code) => table.Locator("tbody tr").Filter(new() { HasText = code }).First;

    private static Task<bool> IsLoadedAsync(ILocator image) => image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");
}
