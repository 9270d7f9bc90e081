namespace CohortGrid.SampleData.Tiff;

/// <summary>A level source that can derive the next pyramid level down itself (see <see cref="TiffPyramid"/>).</summary>
public interface IPyramidLevelSource : ITiffLevelSource
{
    /// <summary>
    /// The level below: ceil(Width / 2) x ceil(Height / 2), each pixel the rounded mean of the pixels
    /// of its 2x2 block that exist (blocks on an odd edge have fewer).
    /// </summary>
    IPyramidLevelSource Half();
}
