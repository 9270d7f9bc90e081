namespace CohortGrid.Client.Tests;

/// <summary>Download safety against a stub that lists hostile paths.</summary>
public sealed class DownloadTests
{
    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("slides/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("slides\\..\\..\\escape.txt")]
    public async Task DownloadAll_refuses_a_path_that_escapes_the_folder_and_writes_nothing(string path)
    {
        var results = new CohortResults { Id = "c1", State = CohortState.Completed, Files = [new ResultFile("ok.json", 2, "application/json", "/x"), new ResultFile(path, 2, "text/plain", "/y")] };
        await using var stub = StubServer.Start(r => r.Path.EndsWith("/results", StringComparison.Ordinal) ? StubResponse.Json(results) : new StubResponse(200, "{}"));
        using var client = RetryPipelineTests.StubClient(stub);
        using var temp = new Testing.TempDirectory();
        var target = Path.Combine(temp.Path, "out");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.DownloadAllAsync("c1", target, TestContext.Current.CancellationToken));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(Path.Combine(temp.Path, "escape.txt")));
        Assert.Single(stub.Requests);
    }
}
