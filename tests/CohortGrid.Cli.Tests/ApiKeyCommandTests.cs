using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CohortGrid.Cli.Tests;

public sealed class ApiKeyCommandTests
{
    [Fact]
    public void Apikey_new_prints_a_cg_key_and_the_hex_sha256_the_server_configuration_stores()
    {
        var (code, output, error) = Cli.Run("apikey", "new");

        Assert.True(code == 0, error);
        var key = Regex.Match(output, @"^key:\s+(cg_[A-Za-z0-9_-]{43})$", RegexOptions.Multiline).Groups[1].Value;
        var hash = Regex.Match(output, @"^sha256:\s+([0-9a-f]{64})$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), hash);
        Assert.NotEqual(key, Regex.Match(Cli.Run("apikey", "new").Out, @"cg_\S+").Value);
    }
}
