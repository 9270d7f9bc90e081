namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Beer-Lambert colour of haematoxylin and eosin: transmitted light is the glass brightness times
/// 10^-(c_H * OD_H + c_E * OD_E) per channel. Haematoxylin is Ruifrok and Johnston's vector; eosin
/// absorbs more blue than theirs, which reads as the pink of scanned slides rather than magenta. This
/// is the model colour-deconvolution tools invert, so "haematoxylin content" measured on the output is meaningful.
/// </summary>
internal sealed class StainPalette
{
    /// <summary>Table steps per unit of optical density.</summary>
    private const int Steps = 256;

    /// <summary>Concentrations are clamped below this optical density.</summary>
    private const int MaxDensity = 4;

    /// <summary>Optical density per unit of haematoxylin, R, G, B.</summary>
    public static readonly float[] HaematoxylinVector = [0.650f, 0.704f, 0.286f];
    private static readonly float[] EosinVector = [0.07f, 0.85f, 0.52f];

    private readonly float[][] _haematoxylin = Tables(HaematoxylinVector);
    private readonly float[][] _eosin = Tables(EosinVector);

    public static StainPalette Instance { get; } = new();

    /// <summary>Transmission of channel <paramref name="channel"/> (0 = R) through the given stain amounts.</summary>
    public float Transmission(int channel, float haematoxylin, float eosin) =>
        _haematoxylin[channel][Index(haematoxylin)] * _eosin[channel][Index(eosin)];

    private static int Index(float density) => Math.Clamp((int)(density * Steps), 0, (MaxDensity * Steps) - 1);

    private static float[][] Tables(float[] vector)
    {
        var tables = new float[3][];
        for (var c = 0; c < 3; c++)
        {
            tables[c] = new float[MaxDensity * Steps];
            for (var i = 0; i < tables[c].Length; i++)
            {
                tables[c][i] = MathF.Pow(10, -vector[c] * i / Steps);
            }
        }

        return tables;
    }
}
