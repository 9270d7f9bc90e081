namespace CohortGrid.Client;

public sealed partial class CohortGridClient
{
    private const string PartialSuffix = ".partial";

    /// <summary>Streams one result file into <paramref name="destination"/> (<c>GET /api/cohorts/{id}/files/{path}</c>).</summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="path">The file's path under the cohort, as <see cref="ResultFile.Path"/> gives it (e.g. <c>slides/s1/features.h5</c>).</param>
    /// <param name="destination">Where the bytes go; not disposed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="CohortNotFoundException">No such cohort or file.</exception>
    public async Task<long> DownloadAsync(string cohortId, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var segments = ResultPath.Segments(path);
        var url = CohortPath(cohortId) + "/files/" + string.Join('/', segments.Select(Uri.EscapeDataString));
        using var response = await SendAsync(HttpMethod.Get, url, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
        }

        return total;
    }

    /// <summary>
    /// Downloads every result file of a cohort into <paramref name="directory"/>, keeping their relative paths
    /// (<c>slides/s1/features.h5</c>, <c>slide_vectors.parquet</c>, ...). Each file is written to <c>NAME.partial</c>
    /// and renamed when complete, so an interrupted download never leaves a truncated file under the real name;
    /// existing files are replaced. A path that would land outside the directory is refused before anything is written.
    /// </summary>
    /// <param name="cohortId">The cohort id.</param>
    /// <param name="directory">The folder to write into (created when missing).</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>The full paths of the files written, in the order listed.</returns>
    /// <exception cref="CohortNotFoundException">No such cohort.</exception>
    /// <exception cref="InvalidDataException">The server listed a path that escapes the directory.</exception>
    public async Task<IReadOnlyList<string>> DownloadAllAsync(string cohortId, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var results = await GetResultsAsync(cohortId, cancellationToken).ConfigureAwait(false);
        return await DownloadAllAsync(results, directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads the result files that <paramref name="results"/> lists, as
    /// <see cref="DownloadAllAsync(string, string, CancellationToken)"/> does, for a caller that holds the results
    /// already (<see cref="GetResultsAsync"/>) and so need not ask for them again.
    /// </summary>
    /// <param name="results">The cohort's results; its <see cref="CohortResults.Files"/> are downloaded.</param>
    /// <param name="directory">The folder to write into (created when missing).</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <returns>The full paths of the files written, in the order listed.</returns>
    /// <exception cref="CohortNotFoundException">No such cohort or file.</exception>
    /// <exception cref="InvalidDataException">A listed path escapes the directory.</exception>
    public async Task<IReadOnlyList<string>> DownloadAllAsync(CohortResults results, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        var targets = results.Files.Select(f => (File: f, Target: ResultPath.Under(root, f.Path))).ToList();
        Directory.CreateDirectory(root);
        var written = new List<string>(targets.Count);
        foreach (var (file, target) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var partial = target + PartialSuffix;
            try
            {
                var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (output.ConfigureAwait(false))
                {
                    await DownloadAsync(results.Id, file.Path, output, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, target, overwrite: true);
            }
            catch
            {
                TryDelete(partial);
                throw;
            }

            written.Add(target);
        }

        return written;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind; the next download overwrites it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Result paths as the server lists them: relative, '/'-separated, never leaving the cohort.</summary>
    internal static class ResultPath
    {
        public static string[] Segments(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            var segments = path.Split('/');
            if (path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal)
                || segments.Any(s => s is "" or "." or ".." || s.Trim().Length == 0))
            {
                throw new InvalidDataException($"Result path '{path}' is not a plain relative path (no leading '/', '.', '..', '\\' or ':' allowed); refused.");
            }

            return segments;
        }

        /// <summary>The local path of a result file under <paramref name="root"/>; refuses any path that would leave it.</summary>
        public static string Under(string root, string path)
        {
            var target = Path.GetFullPath(Path.Combine([root, .. Segments(path)]));
            var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
            if (!target.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Result path '{path}' would be written outside {root}; refused.");
            }

            return target;
        }
    }
}
