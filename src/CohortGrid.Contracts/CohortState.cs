namespace CohortGrid.Contracts;

/// <summary>Life cycle of a cohort.</summary>
public enum CohortState
{
    /// <summary>Accepted, nothing started yet.</summary>
    Pending,

    Running,

    /// <summary>Work is waiting because no silo with the gpu role is in the cluster.</summary>
    WaitingForGpu,

    Completed,

    /// <summary>Done; some slides failed (each listed with its reason).</summary>
    CompletedWithErrors,

    /// <summary>Stopped by the user; what was done is kept.</summary>
    Cancelled,
}

/// <summary>Life cycle of one slide in a cohort.</summary>
public enum SlideState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}
