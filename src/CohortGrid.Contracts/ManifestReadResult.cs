namespace CohortGrid.Contracts;

/// <summary>
/// What <see cref="ManifestCsv.Parse"/> read: the manifest (rows with problems still give an entry where
/// sensible, so that validation can add its own problems) and the problems found while parsing.
/// </summary>
/// <param name="Manifest">The manifest read; only fit to submit when <see cref="IsValid"/> and validation finds nothing.</param>
/// <param name="Problems">Parsing problems (missing columns, unreadable numbers, relative paths, ...), each with where it is.</param>
[GenerateSerializer, Immutable]
public sealed record ManifestReadResult(
    [property: Id(0)] CohortManifest Manifest,
    [property: Id(1)] IReadOnlyList<ManifestProblem> Problems)
{
    /// <summary>True when parsing found no problem (validation may still find some).</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// Every problem of the upload: the parsing problems followed by what
    /// <see cref="ManifestValidation.Validate"/> finds in <see cref="Manifest"/>, less what only repeats a
    /// parsing problem (a cell that could not be read is not also reported empty, refused or incomplete; a
    /// missing column is not also reported empty in every row).
    /// </summary>
    public IReadOnlyList<ManifestProblem> Validate(Func<string, string?> locationProblem)
    {
        var validation = ManifestValidation.Validate(Manifest, locationProblem);
        if (Problems.Count == 0)
        {
            return validation;
        }

        var cells = Problems.Select(p => (p.Table, p.Row, Column(p.Table, p.Column))).ToHashSet();
        var missing = Problems.Where(p => p.Code == ManifestProblemCode.MissingColumn).Select(p => (p.Table, Column(p.Table, p.Column))).ToHashSet();
        return [.. Problems, .. validation.Where(p => !Repeats(p))];

        bool Repeats(ManifestProblem p) =>
            cells.Contains((p.Table, p.Row, Column(p.Table, p.Column)))
            || missing.Contains((p.Table, Column(p.Table, p.Column)))
            || (p.Code == ManifestProblemCode.UnknownPatient && missing.Contains((ManifestProblem.ManifestTable, "patient_id")))
            || (p.Code == ManifestProblemCode.UnknownSlide && missing.Contains((ManifestProblem.ManifestTable, "slide_id")));
    }

    // A manifest's location column may be headed "path" or "location"; validation calls it "location".
    private static string? Column(string table, string? column) =>
        table == ManifestProblem.ManifestTable && column == "path" ? "location" : column;
}
