using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary><c>survfit(Surv(time, status) ~ 1, lung)</c> against lung_reference.txt: Greenwood errors and log intervals.</summary>
public sealed class KaplanMeierLungTests
{
    // time, n.risk, surv, std.err (of S, as summary.survfit prints), lower, upper
    public static TheoryData<double, int, double, double, double, double> Reference => new()
    {
        { 100, 196, 0.863968967645, 0.0227102304342, 0.8205848920813, 0.909646746190 },
        { 180, 160, 0.721670653410, 0.0298124194686, 0.6655423071306, 0.782532569925 },
        { 365, 65, 0.409241624460, 0.0358236381720, 0.3447215817958, 0.485837603547 },
        { 500, 41, 0.293269193712, 0.0350778184986, 0.2319821382624, 0.370747595588 },
        { 730, 13, 0.115693098345, 0.0282981973177, 0.0716318249618, 0.186856791820 },
    };

    [Theory]
    [MemberData(nameof(Reference))]
    public void Survival_and_log_confidence_interval_match_R_survival_on_lung(double time, int atRisk, double survival, double stdErr, double lower, double upper)
    {
        var step = KaplanMeier.Fit(Lung.Outcomes(Lung.Complete())).At(time);

        Assert.Equal(atRisk, step.AtRisk);
        Assert.Equal(survival, step.Survival, 1e-8);
        Assert.Equal(stdErr, step.StdErr, 1e-8);
        Assert.Equal(lower, step.Lower, 1e-8);
        Assert.Equal(upper, step.Upper, 1e-8);
    }

    [Fact]
    public void Median_survival_matches_R_survival_on_lung()
    {
        var curve = KaplanMeier.Fit(Lung.Outcomes(Lung.Complete()));

        Assert.Equal(310, curve.Median);
        Assert.Equal(228, curve.Count);
        Assert.Equal(165, curve.EventCount);
    }

    [Fact]
    public void Before_the_first_time_the_curve_is_one_with_everyone_at_risk()
    {
        var step = KaplanMeier.Fit(Lung.Outcomes(Lung.Complete())).At(1);

        Assert.Equal(1, step.Survival);
        Assert.Equal(228, step.AtRisk);
        Assert.Equal(1, step.Lower);
    }
}
