namespace CohortGrid.SampleData.Rendering;

/// <summary>A rotated ellipse: nuclei and lumens.</summary>
/// <param name="X">Centre, level-0 pixels.</param>
/// <param name="Y">Centre, level-0 pixels.</param>
/// <param name="A">Semi-axis along the rotated x direction, pixels.</param>
/// <param name="B">Semi-axis along the rotated y direction, pixels.</param>
/// <param name="Angle">Rotation in radians.</param>
internal readonly record struct Ellipse(float X, float Y, float A, float B, float Angle)
{
    private readonly float _cos = MathF.Cos(Angle);
    private readonly float _sin = MathF.Sin(Angle);

    /// <summary>Half the side of a square around the centre that holds the whole ellipse.</summary>
    public float Reach => MathF.Max(A, B) + 1;

    public int Top => (int)MathF.Floor(Y - Reach);

    public int Bottom => (int)MathF.Ceiling(Y + Reach);

    /// <summary>(distance / radius)^2 in the ellipse's own frame: below 1 inside.</summary>
    public float DistanceSquared(float x, float y)
    {
        var dx = x - X;
        var dy = y - Y;
        var u = ((dx * _cos) + (dy * _sin)) / A;
        var v = ((dy * _cos) - (dx * _sin)) / B;
        return (u * u) + (v * v);
    }
}
