namespace CohortGrid.Bench;

internal static class BenchTiles
{
    /// <summary>Normalised-looking random input (values in [-2, 2)).</summary>
    public static float[] Random(int rows, int rowLength, int seed)
    {
        var random = new Random(seed);
        var data = new float[rows * rowLength];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return data;
    }
}
