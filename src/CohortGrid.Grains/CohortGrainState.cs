using CohortGrid.Contracts;

namespace CohortGrid.Grains;

/// <summary>
/// What a cohort grain persists: the submission and one small status per slide (O(slides); slide
/// vectors and features live in the result store, not here).
/// </summary>
[GenerateSerializer]
public sealed class CohortGrainState
{
    [Id(0)]
    public CohortSubmission? Submission { get; set; }

    [Id(1)]
    public string Fingerprint { get; set; } = "";

    [Id(2)]
    public CohortState State { get; set; }

    [Id(3)]
    public List<SlideStatus> Slides { get; set; } = [];

    [Id(4)]
    public DateTimeOffset SubmittedAt { get; set; }

    [Id(5)]
    public DateTimeOffset? CompletedAt { get; set; }

    [Id(6)]
    public string? Message { get; set; }
}
