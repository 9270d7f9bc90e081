namespace CohortGrid.Testing.Azurite;

/// <summary>
/// One Azurite per test class (<c>IClassFixture&lt;AzuriteFixture&gt;</c>), started before the class's first test and
/// removed with its data after the last. Tests of the class share it, so each should work in containers of its own
/// (<see cref="NewContainerName"/>).
/// </summary>
/// <remarks>
/// When Azurite is not installed the fixture starts nothing, and each test that asks for <see cref="Server"/> is
/// skipped (failed under CI=true) with the command that installs it. A test that stops the server should start it
/// again; <see cref="EnsureRunningAsync"/> restarts it for the next test if that test failed before it could.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>The running server; skips (or, under CI, fails) the calling test when Azurite is not installed.</summary>
    public AzuriteServer Server
    {
        get
        {
            if (_server is null)
            {
                AzuriteLocator.SkipOrFail();
            }

            return _server!;
        }
    }

    /// <summary>A container name no other test uses: <paramref name="prefix"/> (lowercase letters and digits) and a GUID.</summary>
    public static string NewContainerName(string prefix = "test")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    /// <summary>The server, started again if an earlier test stopped it.</summary>
    public async Task<AzuriteServer> EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        var server = Server;
        await server.StartAsync(cancellationToken);
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        if (AzuriteLocator.ScriptPath is { } script)
        {
            _server = await AzuriteServer.StartNewAsync(script, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
