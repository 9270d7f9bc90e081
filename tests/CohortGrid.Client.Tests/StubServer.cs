using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CohortGrid.Client.Tests;

/// <summary>One request the stub received.</summary>
internal sealed record StubRequest(int Index, string Method, string Path, string? Authorization);

/// <summary>What the stub answers.</summary>
internal sealed record StubResponse(int Status, string Body = "", string ContentType = "application/json", int? RetryAfterSeconds = null)
{
    public static StubResponse Json(object value, int status = 200) => new(status, JsonSerializer.Serialize(value, CohortGridJson.Options));

    public static StubResponse Problem(int status, string title, string detail) =>
        new(status, JsonSerializer.Serialize(new { type = "about:blank", title, status, detail, traceId = "00-trace-00" }), "application/problem+json");
}

/// <summary>
/// A tiny HTTP server on a free loopback port that answers each request with a scripted response and counts what it
/// received: for retry behaviour, where the real host cannot be made to fail on cue.
/// </summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<StubRequest, StubResponse> _respond;
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly Task _loop;
    private int _count;

    private StubServer(HttpListener listener, Uri url, Func<StubRequest, StubResponse> respond)
    {
        _listener = listener;
        _respond = respond;
        Url = url;
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public static StubServer Start(Func<StubRequest, StubResponse> respond)
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return new StubServer(listener, url, respond);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken in between: another one.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = new StubRequest(Interlocked.Increment(ref _count) - 1, context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"]);
            _requests.Enqueue(request);
            var response = _respond(request);
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            if (response.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
