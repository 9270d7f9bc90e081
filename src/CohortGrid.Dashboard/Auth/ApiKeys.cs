using System.Security.Cryptography;
using System.Text;
using CohortGrid.Client;

namespace CohortGrid.Dashboard.Auth;

/// <summary>
/// The accepted keys, held as SHA-256 hashes only: a leaked configuration or memory dump does not reveal a
/// usable key. Keys are long and random, so a fast unsalted hash is enough (there is nothing to brute-force).
/// </summary>
public sealed class ApiKeys
{
    private readonly (string Name, byte[] Hash)[] _keys;

    public ApiKeys(IEnumerable<ApiKeyEntry> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys.Select(Parse)];
    }

    public int Count => _keys.Length;

    /// <summary>A new random key; see <see cref="ApiKeyFormat.NewKey"/>.</summary>
    public static string NewKey() => ApiKeyFormat.NewKey();

    /// <summary>Lower-case hex SHA-256 of a key, as configuration stores it; see <see cref="ApiKeyFormat.Hash"/>.</summary>
    public static string Hash(string key) => ApiKeyFormat.Hash(key);

    /// <summary>The name of the key's owner, or null when the key is not accepted. Compares in constant time.</summary>
    public string? Authenticate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? match = null;
        foreach (var (name, expected) in _keys)
        {
            // Every entry is compared, so the time taken does not tell which entry matched.
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match = name;
            }
        }

        return match;
    }

    private static (string, byte[]) Parse(ApiKeyEntry entry, int index)
    {
        var hex = entry.Sha256.Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new InvalidOperationException($"Api:Keys:{index}:Sha256 must be the 64 hex digits of the key's SHA-256 (cohortgrid apikey new prints one).");
        }

        return (string.IsNullOrWhiteSpace(entry.Name) ? $"key-{index}" : entry.Name, Convert.FromHexString(hex));
    }
}
