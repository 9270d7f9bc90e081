using System.Globalization;
using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.E2E.Tests;

/// <summary>
/// The CSV files the tests upload: a labelled cohort of small synthetic slides whose grade drives survival and three
/// planted genes (slides under the silo's allowed root <c>{data}/slides</c>), and a broken one.
/// </summary>
internal sealed record CohortFiles(string Manifest, string Clinical, string Expression, int Slides)
{
    /// <summary>
    /// Enough patients for 5-fold cross-validation with events in every fold and three risk groups; small slides
    /// (about 15 tissue tiles each) so the cohort runs in seconds on two cores.
    /// </summary>
    public const int Patients = 24;

    public static CohortFiles Labelled(string dataDirectory, string uploadDirectory)
    {
        var cohort = PlantedCohorts.Generate(Path.Combine(dataDirectory, "slides", "planted"), seed: 31, Patients, "planted");

        Directory.CreateDirectory(uploadDirectory);
        var files = new CohortFiles(
            Path.Combine(uploadDirectory, "manifest.csv"),
            Path.Combine(uploadDirectory, "clinical.csv"),
            Path.Combine(uploadDirectory, "expression.csv"),
            cohort.Slides.Count);
        ManifestCsv.Write(files.Manifest, cohort);
        ManifestCsv.WriteClinical(files.Clinical, cohort.Clinical);
        ManifestCsv.WriteExpression(files.Expression, cohort.Expression!);
        return files;
    }

    /// <summary>
    /// A manifest with a duplicate slide id (data row 2) and a path outside the allowed roots (data row 3), and a
    /// clinical table without its <c>patient_id</c> column.
    /// </summary>
    public static CohortFiles Broken(CohortFiles good, string uploadDirectory)
    {
        Directory.CreateDirectory(uploadDirectory);
        var first = File.ReadLines(good.Manifest).Skip(1).First().Split(',');
        var files = new CohortFiles(Path.Combine(uploadDirectory, "broken-manifest.csv"), Path.Combine(uploadDirectory, "broken-clinical.csv"), "", 3);
        File.WriteAllText(files.Manifest, string.Create(CultureInfo.InvariantCulture, $"""
            slide_id,patient_id,path
            {first[0]},{first[1]},{first[2]}
            {first[0]},other-patient,{first[2]}
            outside,p-outside,/etc/hostname

            """));
        File.WriteAllText(files.Clinical, """
            time,event
            120,1
            300,0

            """);
        return files;
    }
}
