using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CohortGrid.Grains.Persistence;

/// <summary>
/// Blob name of a grain's state: <c>{serviceId}/{grainType}/{grainKey}/{stateName}.json</c>, each part escaped into
/// exactly one safe path segment, so any key (with '/', '..', spaces or non-ASCII) stays inside its own folder.
/// </summary>
/// <remarks>
/// Letters, digits, '-', '_' and non-leading '.' are kept; any other ASCII character becomes <c>%XX</c> and any
/// other character <c>%uXXXX</c> (its UTF-16 code unit), so distinct parts never escape to the same segment. A part
/// escaping to more than <see cref="MaxSegmentLength"/> characters is cut and suffixed with <c>~</c> and a hash of
/// the whole: file systems cap a name at 255 bytes, and '~' is always escaped otherwise, so the suffix cannot be
/// mistaken for key text. An empty part becomes a lone <c>%</c>, which no other part escapes to.
/// </remarks>
internal static class GrainStateBlobName
{
    public const int MaxSegmentLength = 200;

    private const int KeptPrefixLength = 160;

    public static string For(string serviceId, GrainId grainId, string stateName) =>
        $"{Escape(serviceId)}/{Escape(grainId.Type.ToString()!)}/{Escape(grainId.Key.ToString()!)}/{Escape(stateName)}.json";

    public static string Escape(string part)
    {
        if (part.Length == 0)
        {
            return "%";
        }

        var escaped = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && i > 0))
            {
                escaped.Append(c);
            }
            else if (char.IsAscii(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"%u{(int)c:X4}");
            }
        }

        return escaped.Length <= MaxSegmentLength ? escaped.ToString() : Shorten(escaped.ToString());
    }

    private static string Shorten(string escaped)
    {
        // Cut at an escape boundary, never through a %XX or %uXXXX.
        var cut = 0;
        while (cut < escaped.Length)
        {
            var width = escaped[cut] != '%' ? 1 : escaped[cut + 1] == 'u' ? 6 : 3;
            if (cut + width > KeptPrefixLength)
            {
                break;
            }

            cut += width;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(escaped)).AsSpan(0, 16));
        return $"{escaped[..cut]}~{hash}";
    }
}
