namespace CohortGrid.Storage.Formats;

/// <summary>The header of a <c>.npy</c> file.</summary>
/// <param name="Descr">NumPy type string, e.g. <c>&lt;f4</c>.</param>
/// <param name="Shape">Length of each axis; empty for a scalar.</param>
/// <param name="DataOffset">Byte offset of the first value, a multiple of 64 for files NumPy or this library wrote.</param>
public sealed record NpyHeader(string Descr, long[] Shape, long DataOffset)
{
    /// <summary>Number of values: the product of the shape (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var length in Shape)
            {
                count = checked(count * length);
            }

            return count;
        }
    }
}
