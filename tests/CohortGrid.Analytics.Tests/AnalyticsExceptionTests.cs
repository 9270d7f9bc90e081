namespace CohortGrid.Analytics.Tests;

public sealed class AnalyticsExceptionTests
{
    [Fact]
    public void The_message_is_kept_as_given()
    {
        Assert.Equal("time is negative in row 3", new AnalyticsException("time is negative in row 3").Message);
    }
}
