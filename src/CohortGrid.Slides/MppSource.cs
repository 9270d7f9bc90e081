namespace CohortGrid.Slides;

/// <summary>Where a slide's microns-per-pixel came from, recorded with every result.</summary>
public enum MppSource
{
    /// <summary>OpenSlide's normalised openslide.mpp-x/y.</summary>
    OpenSlide,

    /// <summary>A vendor-specific property OpenSlide did not normalise (aperio.MPP, mirax, philips, ventana).</summary>
    VendorProperty,

    /// <summary>TIFF XResolution/YResolution with ResolutionUnit centimetre or inch.</summary>
    TiffResolution,

    /// <summary>Supplied by the user (manifest column or CLI option).</summary>
    Override,
}
