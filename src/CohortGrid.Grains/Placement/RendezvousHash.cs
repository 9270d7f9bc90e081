using System.IO.Hashing;
using System.Text;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a key goes to the node with the largest hash of (key, node), so removing a
/// node moves only that node's keys and adding one takes about 1/n of the keys from the others.
/// </summary>
/// <remarks>
/// Uses XxHash64, which is stable across processes and machines; <see cref="string.GetHashCode()"/> is randomized per
/// process, so silos would disagree about where a slide lives.
/// </remarks>
public static class RendezvousHash
{
    /// <summary>The node that owns <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="nodes"/> is empty.</exception>
    public static string Choose(string key, IReadOnlyList<string> nodes) => nodes[ChooseIndex(key, nodes)];

    /// <summary>
    /// The index in <paramref name="nodes"/> of the node that owns <paramref name="key"/>; on equal weights (only possible
    /// for repeated node names) the first wins, so callers can order candidates to pick among duplicates.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="nodes"/> is empty.</exception>
    public static int ChooseIndex(string key, IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("Rendezvous hashing needs at least one node.", nameof(nodes));
        }

        var keyBytes = Encoding.UTF8.GetBytes(key);
        var best = 0;
        var bestWeight = Weight(keyBytes, nodes[0]);
        for (var i = 1; i < nodes.Count; i++)
        {
            var weight = Weight(keyBytes, nodes[i]);
            if (weight > bestWeight)
            {
                best = i;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>The weight of <paramref name="node"/> for <paramref name="key"/>.</summary>
    public static ulong Weight(string key, string node)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Weight(Encoding.UTF8.GetBytes(key), node);
    }

    // Seeding the key hash with the node hash, rather than hashing a concatenation, keeps ("a/b", "c") and ("a", "b/c")
    // apart without a separator that keys or node names could contain.
    private static ulong Weight(byte[] keyBytes, string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var nodeSeed = unchecked((long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(node)));
        return XxHash64.HashToUInt64(keyBytes, nodeSeed);
    }
}
