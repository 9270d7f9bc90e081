namespace CohortGrid.Storage.Formats;

/// <summary>How tile embeddings are stored on disk. Readers always get float32 back.</summary>
public enum FeaturePrecision
{
    /// <summary>IEEE 754 single precision (HDF5 <c>H5T_IEEE_F32LE</c>, NumPy <c>&lt;f4</c>).</summary>
    Float32,

    /// <summary>
    /// IEEE 754 half precision (HDF5 <c>H5T_IEEE_F16LE</c>, NumPy <c>&lt;f2</c>): half the size, about three
    /// significant digits, values beyond ±65504 become infinite.
    /// </summary>
    Float16,
}
