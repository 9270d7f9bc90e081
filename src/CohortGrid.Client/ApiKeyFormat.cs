using System.Security.Cryptography;
using System.Text;

namespace CohortGrid.Client;

/// <summary>
/// The API key format shared by the server and the <c>cohortgrid apikey new</c> command: a key one makes must hash to
/// what the server compares against, so both call this.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>A new random key: <c>cg_</c> and 32 random bytes as base64url without padding (43 characters, 256 bits).</summary>
    /// <returns>The key.</returns>
    public static string NewKey() =>
        "cg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes, as the server's configuration stores it (<c>Api:Keys:N:Sha256</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
