namespace CohortGrid.Slides;

/// <summary>Base of every error the slide engine raises about one slide; always names the slide.</summary>
public class SlideException : Exception
{
    public SlideException(string slidePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SlidePath = slidePath;
    }

    /// <summary>The slide the error is about, as it was given to the engine.</summary>
    public string SlidePath { get; }

    /// <summary>A short machine-readable reason, stable across versions (used in per-slide error records).</summary>
    public virtual string Reason => "slide-error";
}

/// <summary>The slide file does not exist.</summary>
public sealed class SlideNotFoundException(string slidePath)
    : SlideException(slidePath, $"Slide '{slidePath}' does not exist.")
{
    public override string Reason => "not-found";
}

/// <summary>OpenSlide does not recognise the file as a whole-slide image.</summary>
public sealed class SlideFormatNotRecognizedException(string slidePath, string detail)
    : SlideException(slidePath, $"Slide '{slidePath}' is not in a format OpenSlide recognises: {detail}")
{
    public override string Reason => "format-not-recognized";
}

/// <summary>OpenSlide recognised the format but could not open the file (corrupt, truncated, unsupported codec).</summary>
public sealed class SlideOpenException(string slidePath, string detail)
    : SlideException(slidePath, $"Slide '{slidePath}' could not be opened: {detail}")
{
    public override string Reason => "open-failed";
}

/// <summary>The slide opened, but reading pixels failed; the OpenSlide handle is unusable afterwards.</summary>
public sealed class SlideReadException(string slidePath, string detail)
    : SlideException(slidePath, $"Reading pixels from slide '{slidePath}' failed: {detail}")
{
    public override string Reason => "read-failed";
}

/// <summary>A read would need more memory than one buffer can address, or the slide's geometry is out of range.</summary>
public sealed class SlideTooLargeException(string slidePath, string detail)
    : SlideException(slidePath, $"Slide '{slidePath}' is too large to process this way: {detail}")
{
    public override string Reason => "too-large";
}

/// <summary>No microns-per-pixel value could be found for the slide and none was supplied.</summary>
public sealed class SlideMppUnavailableException(string slidePath)
    : SlideException(
        slidePath,
        $"Slide '{slidePath}' has no microns-per-pixel (mpp) in its metadata (checked openslide.mpp-x/y, vendor " +
        "properties and TIFF resolution tags). Supply it with an mpp override: the manifest column 'mpp' " +
        "or the CLI option --mpp-override, e.g. 0.25 for a 40x scan or 0.5 for 20x.")
{
    public override string Reason => "mpp-unavailable";
}

/// <summary>A blob slide was replaced while its cohort ran: its tiles would mix two versions.</summary>
public sealed class SlideChangedException(string slidePath, string detail)
    : SlideException(slidePath, $"Slide '{slidePath}' was replaced while it was being processed ({detail}); submit it again to process the new version.")
{
    public override string Reason => "slide-changed";
}
