using Microsoft.Playwright;

namespace CohortGrid.E2E.Tests;

/// <summary>Full-page screenshots kept as test artefacts, and the layout checks made on each page.</summary>
internal static class Screens
{
    /// <summary>Saves <c>{artifacts}/{name}.png</c> (full page) and prints its path.</summary>
    public static async Task<string> ShootAsync(IPage page, string name)
    {
        var path = Path.Combine(DashboardHost.ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true }).ConfigureAwait(false);
        Log($"screenshot: {path}");
        return path;
    }

    /// <summary>A line in the test's output (shown with <c>--output detailed</c>) and on the console.</summary>
    public static void Log(string line)
    {
        Console.WriteLine(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    /// <summary>The page fits its viewport's width: nothing scrolls sideways.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]").ConfigureAwait(false);
        var (scroll, width) = (sizes[0], sizes[1]);
        Assert.True(scroll <= width, $"{page.Url} is {scroll} px wide in a {width} px window.");
    }
}
