using System.Net;
using System.Net.Sockets;

namespace CohortGrid.Testing.Hosting;

/// <summary>Free TCP ports on 127.0.0.1 for child processes and servers the tests start.</summary>
public static class LoopbackPorts
{
    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static IReadOnlyList<int> Free(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        // Every listener stays open until all ports are chosen, so the ports differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>One free port.</summary>
    public static int Free() => Free(1)[0];
}
