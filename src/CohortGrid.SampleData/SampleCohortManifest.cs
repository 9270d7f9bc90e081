using System.Globalization;
using System.Text;

namespace CohortGrid.SampleData;

/// <summary>
/// slides.csv: one row per slide. Besides the columns a pipeline needs it records each slide's spec
/// fingerprint and file size, which is how <see cref="SampleCohort"/> knows a file need not be redone.
/// </summary>
internal static class SampleCohortManifest
{
    public const string Header = "slide_id,patient_id,file,mpp,width,height,grade,tissue_coverage,blank,seed,fingerprint,bytes";

    /// <summary>The manifest text; blank slides leave grade empty since they carry no tissue to grade.</summary>
    public static string Format(IEnumerable<(SampleSlide Slide, long Bytes)> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (slide, bytes) in rows)
        {
            var spec = slide.Spec;
            text.Append(CultureInfo.InvariantCulture,
                $"{slide.SlideId},{slide.PatientId},{slide.FileName},{spec.Mpp:R},{spec.Width},{spec.Height},");
            text.Append(spec.Blank ? string.Empty : spec.Grade.ToString("R", CultureInfo.InvariantCulture));
            text.Append(CultureInfo.InvariantCulture,
                $",{spec.TissueCoverage:R},{(spec.Blank ? "true" : "false")},{spec.Seed},{spec.Fingerprint()},{bytes}\n");
        }

        return text.ToString();
    }

    /// <summary>File name to (fingerprint, bytes) from an existing manifest; empty when it is missing or unreadable.</summary>
    public static Dictionary<string, (string Fingerprint, long Bytes)> ReadRecorded(string path)
    {
        var recorded = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return recorded;
        }
        catch (UnauthorizedAccessException)
        {
            return recorded;
        }

        if (lines.Length == 0)
        {
            return recorded;
        }

        var columns = lines[0].Split(',');
        var file = Array.IndexOf(columns, "file");
        var fingerprint = Array.IndexOf(columns, "fingerprint");
        var bytes = Array.IndexOf(columns, "bytes");
        if (file < 0 || fingerprint < 0 || bytes < 0)
        {
            return recorded;
        }

        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length == columns.Length && long.TryParse(fields[bytes], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                recorded[fields[file]] = (fields[fingerprint], size);
            }
        }

        return recorded;
    }
}
