namespace CohortGrid.SampleData;

/// <summary>One slide of a sample cohort: its identifiers, its file name in the cohort folder and the spec it is made from.</summary>
public sealed record SampleSlide(string SlideId, string PatientId, string FileName, SyntheticSlideSpec Spec);
