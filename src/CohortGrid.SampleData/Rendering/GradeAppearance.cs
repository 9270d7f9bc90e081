namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// How the grade (0 to 1) shows: every quantity moves one way with grade, so tile statistics such as
/// mean haematoxylin, nuclear area or stromal eosin change monotonically with it. Later analyses plant
/// known signals through the grade and rely on that.
/// </summary>
internal sealed record GradeAppearance(
    double NucleusAreaFraction,
    double NucleusRadiusUm,
    double RadiusSpread,
    double MaxElongation,
    float NucleusHaematoxylin,
    float StromaEosin,
    float StromaHaematoxylin,
    double LumenDensity)
{
    public static GradeAppearance For(double grade) => new(
        NucleusAreaFraction: 0.10 + (0.28 * grade),
        NucleusRadiusUm: 2.6 + (2.4 * grade),
        RadiusSpread: 0.10 + (0.25 * grade),
        MaxElongation: 1.3 + (0.5 * grade),
        NucleusHaematoxylin: (float)(0.55 + (0.55 * grade)),
        StromaEosin: (float)(0.34 - (0.14 * grade)),
        StromaHaematoxylin: (float)(0.05 + (0.05 * grade)),
        // Low grade keeps gland-like lumens; high grade tissue is solid sheets of cells.
        LumenDensity: 1.2 - grade);
}
