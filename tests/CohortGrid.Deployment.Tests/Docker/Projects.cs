using System.Xml.Linq;

namespace CohortGrid.Deployment.Tests.Docker;

/// <summary>Facts about the repository's projects, read from their .csproj files.</summary>
public static class Projects
{
    /// <summary>The assembly name of a project (AssemblyName, else the file name).</summary>
    public static string AssemblyName(string csproj) =>
        XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(csproj);

    /// <summary>The project and every project it references, directly or not, as repository-relative paths.</summary>
    public static IReadOnlySet<string> Closure(string relativeCsproj)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Repo.PathOf(relativeCsproj))]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(Repo.Relative(project)))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference").Select(e => e.Attribute("Include")?.Value).OfType<string>())
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Replace('\\', '/'))));
            }
        }

        return seen;
    }
}
