namespace CohortGrid.Grains;

/// <summary>No silo with the gpu role is in the cluster, so tile grains cannot be placed.</summary>
public sealed class NoGpuSiloException : Exception
{
    public const string Reason = "no-gpu-silo";

    public NoGpuSiloException()
        : base("No GPU silo available: no silo in the cluster has the 'gpu' role (Orleans:Metadata:cohortgrid.role). Start a GPU silo or scale the silo-gpu deployment up; the cohort resumes when one joins.")
    {
    }

    public NoGpuSiloException(string message)
        : base(message)
    {
    }

    public NoGpuSiloException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
