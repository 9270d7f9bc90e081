using System.Runtime.InteropServices;

namespace CohortGrid.Slides.Native;

/// <summary>Owns an <c>openslide_t*</c>; closing it while a read is in flight is prevented by SafeHandle ref-counting.</summary>
internal sealed class OpenSlideHandle : SafeHandle
{
    public OpenSlideHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        OpenSlideNative.Close(handle);
        return true;
    }
}
