using System.Globalization;

namespace CohortGrid.Contracts;

/// <summary>
/// One problem of a cohort manifest, with the table, row and column it is in, so that every problem can
/// be reported at once (a REST API returns them as RFC 7807 problem details; the CLI prints the messages).
/// </summary>
/// <param name="Table">
/// <c>manifest</c>, <c>clinical</c>, <c>expression</c>, or <c>request</c> for a problem of the request as a whole.
/// </param>
/// <param name="Row">
/// 1-based data row: the record after the header (blank lines are not counted, so the CSV line is one more
/// than the row when the file has none); for an in-memory manifest the 1-based index in its list. Null for
/// the table as a whole.
/// </param>
/// <param name="Column">Column the problem is in (<c>slide_id</c>, <c>location</c>, a gene, a covariate, ...); null when none.</param>
/// <param name="Code">
/// Stable, machine-readable code (see <see cref="ManifestProblemCode"/>):
/// <list type="bullet">
/// <item><c>missing-column</c>: a required column is not in the header (or an expression table has no gene columns).</item>
/// <item><c>no-slides</c>: the manifest lists no slides.</item>
/// <item><c>empty-value</c>: a required value (slide id, patient id, location, gene name) is empty.</item>
/// <item><c>duplicate-slide</c>: a slide id is used by an earlier row (of the manifest, or of the expression table).</item>
/// <item><c>duplicate-patient</c>: a patient has more than one clinical row.</item>
/// <item><c>unknown-patient</c>: a clinical row's patient has no slide in the manifest.</item>
/// <item><c>unknown-slide</c>: an expression row's slide is not in the manifest.</item>
/// <item><c>negative-time</c>: a follow-up time is negative or not finite.</item>
/// <item><c>bad-event</c>: an event is not 0 (censored) or 1 (observed), including non-integers such as 0.5.</item>
/// <item><c>missing-outcome</c>: a time without an event, or an event without a time.</item>
/// <item><c>not-a-number</c>: a number cell (mpp, time, event, covariate, expression value) that is not a (finite) number; the message quotes the text.</item>
/// <item><c>mpp-out-of-range</c>: microns per pixel outside 0.01-20.</item>
/// <item><c>location-refused</c>: the cluster's location policy refuses the slide location (allowed roots, storage account).</item>
/// <item><c>relative-path</c>: a relative slide path with no folder to resolve it against.</item>
/// <item><c>value-count</c>: an expression row with a different number of values than there are genes.</item>
/// <item><c>duplicate-column</c>: a header names the same column twice (header names are case-insensitive).</item>
/// </list>
/// </param>
/// <param name="Message">Self-contained: says where the problem is and what is wrong, e.g. <c>manifest row 3 (slide 'S3'), column slide_id: 'S3' is used by another slide (row 1).</c></param>
[GenerateSerializer, Immutable]
public sealed record ManifestProblem(
    [property: Id(0)] string Table,
    [property: Id(1)] int? Row,
    [property: Id(2)] string? Column,
    [property: Id(3)] string Code,
    [property: Id(4)] string Message)
{
    /// <summary>Table name of the slide manifest.</summary>
    public const string ManifestTable = "manifest";

    /// <summary>Table name of the per-patient clinical data.</summary>
    public const string ClinicalTable = "clinical";

    /// <summary>Table name of the per-slide expression data.</summary>
    public const string ExpressionTable = "expression";

    /// <summary>Table name for problems of a request as a whole.</summary>
    public const string RequestTable = "request";

    /// <summary>The message, which says where the problem is.</summary>
    public override string ToString() => Message;

    /// <summary>A problem in one row: "<c>manifest row 3 (slide 'S3'), column mpp: ...</c>".</summary>
    internal static ManifestProblem InRow(string table, int row, string? id, string? column, string code, string text)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{table} row {row}");
        if (!string.IsNullOrWhiteSpace(id))
        {
            where += $" ({(table == ClinicalTable ? "patient" : "slide")} '{id}')";
        }

        if (column is not null)
        {
            where += $", column {column}";
        }

        return new(table, row, column, code, $"{where}: {text}");
    }

    /// <summary>A problem of a table as a whole: "<c>manifest (m.csv): missing column ...</c>".</summary>
    internal static ManifestProblem InTable(string table, string? fileName, string? column, string code, string text) =>
        new(table, null, column, code, $"{table}{(string.IsNullOrEmpty(fileName) ? "" : $" ({fileName})")}: {text}");
}

/// <summary>The stable codes of <see cref="ManifestProblem.Code"/>.</summary>
public static class ManifestProblemCode
{
    public const string MissingColumn = "missing-column";
    public const string NoSlides = "no-slides";
    public const string EmptyValue = "empty-value";
    public const string DuplicateSlide = "duplicate-slide";
    public const string DuplicatePatient = "duplicate-patient";
    public const string UnknownPatient = "unknown-patient";
    public const string UnknownSlide = "unknown-slide";
    public const string NegativeTime = "negative-time";
    public const string BadEvent = "bad-event";
    public const string MissingOutcome = "missing-outcome";
    public const string NotANumber = "not-a-number";
    public const string MppOutOfRange = "mpp-out-of-range";
    public const string LocationRefused = "location-refused";
    public const string RelativePath = "relative-path";
    public const string ValueCount = "value-count";
    public const string DuplicateColumn = "duplicate-column";
}
