using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cohorts;

internal static class ProblemMapping
{
    public static Wire.ManifestProblem ToWire(this Contracts.ManifestProblem problem) =>
        new(problem.Table, problem.Row, problem.Column, problem.Code, problem.Message);
}
