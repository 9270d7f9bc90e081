using CohortGrid.Analytics.Aggregation;

namespace CohortGrid.Analytics.Tests.Aggregation;

public sealed class PatientAggregationTests
{
    [Fact]
    public void A_patients_slide_vectors_are_averaged_and_patients_keep_their_first_order()
    {
        var patients = PatientAggregation.MeanVectors([("p2", [1.0, 1.0]), ("p1", [0.0, 4.0]), ("p2", [3.0, 5.0])]);

        Assert.Equal(["p2", "p1"], patients.Select(p => p.PatientId));
        Assert.Equal([2.0, 3.0], patients[0].Vector);
        Assert.Equal(2, patients[0].Slides);
        Assert.Equal([0.0, 4.0], patients[1].Vector);
    }

    [Fact]
    public void Slide_risks_combine_by_max_or_mean()
    {
        Assert.Equal(0.9, PatientAggregation.CombineRisks([0.1, 0.9, 0.2], PatientAggregationKind.MaxRisk));
        Assert.Equal(0.4, PatientAggregation.CombineRisks([0.1, 0.9, 0.2], PatientAggregationKind.MeanRisk), 12);
    }

    [Fact]
    public void Slides_of_one_patient_with_vectors_of_different_lengths_are_refused()
    {
        var error = Assert.Throws<AnalyticsException>(() => PatientAggregation.MeanVectors([("p1", [1.0]), ("p1", [1.0, 2.0])]));

        Assert.Contains("'p1'", error.Message, StringComparison.Ordinal);
    }
}
