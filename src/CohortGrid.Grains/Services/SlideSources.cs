using CohortGrid.Slides;
using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Sources;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Turns a manifest's slide location into a file this silo can open: local paths as they are (after the
/// <see cref="SlideLocationPolicy"/> check), blob slides through the silo's <see cref="BlobSlideCache"/>.
/// </summary>
public sealed class SlideSources(SlideLocationPolicy policy, BlobSlideCache? blobCache)
{
    public SlideLocationPolicy Policy { get; } = policy;

    /// <summary>Why <paramref name="location"/> may not be used, or <see langword="null"/> when it may.</summary>
    public string? Problem(string location) => Policy.TryResolve(location, out _, out var problem) ? null : problem;

    /// <summary>
    /// The local file for <paramref name="location"/>; for a blob, the version <paramref name="version"/> when given,
    /// else the current one.
    /// </summary>
    /// <exception cref="SlideNotFoundException">No such file or blob.</exception>
    /// <exception cref="SlideChangedException">The blob was replaced since <paramref name="version"/> was planned.</exception>
    public async Task<ResolvedSlide> ResolveAsync(string location, string? version = null, CancellationToken cancellationToken = default)
    {
        var resolved = Policy.Resolve(location);
        if (!resolved.IsBlob)
        {
            return new ResolvedSlide(resolved.LocalPath!, null);
        }

        if (blobCache is null)
        {
            throw new InvalidOperationException($"Slide '{location}' is a blob, but this silo has no blob storage configured.");
        }

        try
        {
            var cached = await blobCache.GetAsync(resolved.Container!, resolved.BlobName!, version, cancellationToken).ConfigureAwait(false);
            return new ResolvedSlide(cached.LocalPath, cached.ETag);
        }
        catch (BlobNotFoundException)
        {
            throw new SlideNotFoundException(location);
        }
        catch (BlobConditionFailedException e)
        {
            throw new SlideChangedException(location, e.Message);
        }
    }
}

/// <summary>A slide ready to open.</summary>
/// <param name="LocalPath">File to open on this silo.</param>
/// <param name="Version">The blob version (ETag) it holds; <see langword="null"/> for a local file.</param>
public sealed record ResolvedSlide(string LocalPath, string? Version);
