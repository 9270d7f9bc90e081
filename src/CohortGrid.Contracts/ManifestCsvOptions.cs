namespace CohortGrid.Contracts;

/// <summary>How <see cref="ManifestCsv.Parse"/> reads uploaded CSV text.</summary>
public sealed record ManifestCsvOptions
{
    /// <summary>Cohort name of the manifest read.</summary>
    public string Name { get; init; } = "";

    /// <summary>
    /// Folder that relative slide paths resolve against; when null, a relative path is a <c>relative-path</c>
    /// problem. Absolute paths and URLs (<c>az://...</c>, <c>https://...</c>) are kept as they are.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>True when the expression values are already log-scale; otherwise they are TPM.</summary>
    public bool ExpressionIsLogTransformed { get; init; }

    /// <summary>File name the manifest came from, named in problems of the table as a whole; empty for none.</summary>
    public string ManifestFileName { get; init; } = "manifest.csv";

    /// <summary>File name the clinical table came from, named in problems of the table as a whole; empty for none.</summary>
    public string ClinicalFileName { get; init; } = "clinical.csv";

    /// <summary>File name the expression table came from, named in problems of the table as a whole; empty for none.</summary>
    public string ExpressionFileName { get; init; } = "expression.csv";
}
