namespace CohortGrid.Storage.Formats;

/// <summary>The contents of a <c>.npy</c> file: C-order values and the shape they have.</summary>
/// <param name="Data">Values in C (row-major) order.</param>
/// <param name="Shape">Length of each axis; empty for a scalar.</param>
public sealed record NpyArray<T>(T[] Data, long[] Shape)
    where T : unmanaged;
