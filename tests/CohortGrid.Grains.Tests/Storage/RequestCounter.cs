using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CohortGrid.Grains.Tests.Storage;

/// <summary>Counts the HTTP requests an Azure client really sends, by method and container.</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

    public override void OnSendingRequest(HttpMessage message) =>
        _requests.Enqueue((message.Request.Method.Method, message.Request.Uri.Path));

    /// <summary>Requests with <paramref name="method"/> to blobs of <paramref name="container"/>.</summary>
    public int Count(string method, string container) =>
        _requests.Count(r => r.Method == method && r.Path.Contains($"/{container}/", StringComparison.Ordinal));
}
