namespace CohortGrid.Slides.Tests;

public sealed class Smoke
{
    [Fact]
    public void Library_version_is_reported() => Assert.StartsWith("3.", SlideImage.LibraryVersion);
}
