using System.Text.Json.Serialization;

namespace CohortGrid.Client;

/// <summary>Life cycle of a cohort, as the API reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CohortState>))]
public enum CohortState
{
    /// <summary>Accepted; no slide has started yet.</summary>
    Pending,

    /// <summary>Slides are being processed.</summary>
    Running,

    /// <summary>Work waits because no silo with the gpu role is in the cluster.</summary>
    WaitingForGpu,

    /// <summary>Every slide completed.</summary>
    Completed,

    /// <summary>Done; some slides failed, each with its reason.</summary>
    CompletedWithErrors,

    /// <summary>Stopped by a user; what was done is kept.</summary>
    Cancelled,
}

/// <summary>Life cycle of one slide in a cohort.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlideState>))]
public enum SlideState
{
    /// <summary>Waiting for a free slot.</summary>
    Pending,

    /// <summary>Being tiled and embedded.</summary>
    Running,

    /// <summary>Features and summary are written.</summary>
    Completed,

    /// <summary>Could not be processed; see <see cref="SlideStatus.ErrorReason"/>.</summary>
    Failed,

    /// <summary>Not processed because the cohort was cancelled.</summary>
    Cancelled,
}
