using System.Text;

namespace CohortGrid.Slides.Diagnostics;

/// <summary>
/// Turns OpenSlide's bare "not recognised" (a NULL from openslide_open) into a reason a researcher
/// can act on: not a slide at all, a flat TIFF that needs converting, or a truncated file.
/// </summary>
internal static class SlideFileDiagnosis
{
    private const string ConvertHint =
        "convert it to a tiled pyramid, e.g. `vips tiffsave in.tif out.tif --tile --pyramid --compression jpeg`";

    public static SlideException Explain(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length == 0)
            {
                return new SlideFormatNotRecognizedException(path, "the file is empty.");
            }

            Span<byte> head = stackalloc byte[16];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..read];
            if (!TiffProbe.HasTiffHeader(head))
            {
                return new SlideFormatNotRecognizedException(path, $"no known slide header; the file starts with {Describe(head)}.");
            }

            var probe = TiffProbe.Read(stream, measureData: true);
            if (probe.DirectoryBeyondEnd is { } offset)
            {
                return new SlideOpenException(
                    path,
                    $"the file is truncated: a TIFF directory at byte {offset} lies beyond its end ({stream.Length} bytes). Copy or download it again.");
            }

            var truncated = probe.Directories.FirstOrDefault(d => d.DataEnd > stream.Length);
            if (truncated is not null)
            {
                return new SlideOpenException(
                    path,
                    $"the file is truncated: image data runs to byte {truncated.DataEnd} but the file has {stream.Length} bytes. Copy or download it again.");
            }

            if (probe.Directories.Count > 0 && probe.Directories.All(d => !d.Tiled))
            {
                var first = probe.Directories[0];
                return new SlideFormatNotRecognizedException(
                    path,
                    $"it is a flat TIFF ({first.Width}x{first.Height}, stored in strips, no tiled pyramid); {ConvertHint}.");
            }

            return new SlideFormatNotRecognizedException(path, $"a TIFF whose layout matches no OpenSlide format; {ConvertHint}.");
        }
        catch (IOException ex)
        {
            return new SlideOpenException(path, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return new SlideOpenException(path, ex.Message);
        }
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return "nothing";
        }

        var printable = true;
        foreach (var b in head)
        {
            printable &= b is >= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t';
        }

        return printable
            ? $"text \"{Encoding.ASCII.GetString(head).ReplaceLineEndings(" ")}\" (a text file, not an image)"
            : $"bytes {Convert.ToHexString(head[..Math.Min(8, head.Length)])}";
    }
}
