namespace CohortGrid.Grains;

/// <summary>Grain storage provider names the grains persist through.</summary>
public static class GrainStorageNames
{
    /// <summary>Cohort and registry state (filesystem by default, Azure Blob in production).</summary>
    public const string Default = "cohortgrid";
}
