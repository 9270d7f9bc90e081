using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CohortGrid.Contracts;

/// <summary>A manifest and how to process it.</summary>
/// <param name="Manifest">The cohort.</param>
/// <param name="EncoderId">Tile encoder (model card id) known to the GPU silos.</param>
/// <param name="Analysis">What the analytics do when the slides are done; null for the defaults.</param>
[GenerateSerializer, Immutable]
public sealed record CohortSubmission(
    [property: Id(0)] CohortManifest Manifest,
    [property: Id(1)] string EncoderId,
    [property: Id(2)] AnalysisOptions? Analysis = null)
{
    private static readonly JsonSerializerOptions CanonicalJson = new() { WriteIndented = false };

    /// <summary>
    /// Content identity of the submission: the same manifest and encoder always give the same id, which
    /// makes re-submitting idempotent.
    /// </summary>
    public string Fingerprint()
    {
        // Without analysis options the fingerprint is what it was before they existed, so earlier ids still match.
        var json = Analysis is null
            ? JsonSerializer.Serialize(new { Manifest, EncoderId }, CanonicalJson)
            : JsonSerializer.Serialize(new { Manifest, EncoderId, Analysis }, CanonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    /// <summary>The cohort id a submission gets when the caller does not choose one.</summary>
    public string DefaultCohortId() => $"cohort-{Fingerprint()}";

    /// <summary>
    /// A copy whose collections are plain arrays and dictionaries. Immutable records reach a grain on the
    /// same silo by reference, with whatever collection type the caller built (often a compiler-generated
    /// one); grain state must only hold types the storage serializer can name and read back.
    /// </summary>
    public CohortSubmission Normalized() => this with
    {
        Manifest = Manifest with
        {
            Slides = Manifest.Slides.ToArray(),
            Clinical = Manifest.Clinical.Select(c => c with { Covariates = new Dictionary<string, double>(c.Covariates, StringComparer.Ordinal) }).ToArray(),
            Expression = Manifest.Expression is { } e
                ? e with { Genes = e.Genes.ToArray(), Rows = e.Rows.Select(r => r with { Values = r.Values.ToArray() }).ToArray() }
                : null,
        },
        Analysis = Analysis is { } a ? a with { ClinicalCovariates = a.ClinicalCovariates.ToArray() } : null,
    };
}
