using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

/// <summary>Tiny drawing helpers for building test images.</summary>
internal static class ImageDrawing
{
    public static RgbImage Fill(this RgbImage image, byte r, byte g, byte b)
    {
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            image.Data[i] = r;
            image.Data[i + 1] = g;
            image.Data[i + 2] = b;
        }

        return image;
    }

    public static void FillDisc(this RgbImage image, int cx, int cy, int radius, (byte R, byte G, byte B) colour)
    {
        for (var y = Math.Max(0, cy - radius); y <= Math.Min(image.Height - 1, cy + radius); y++)
        {
            for (var x = Math.Max(0, cx - radius); x <= Math.Min(image.Width - 1, cx + radius); x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= radius * radius)
                {
                    var o = ((y * image.Width) + x) * 3;
                    image.Data[o] = colour.R;
                    image.Data[o + 1] = colour.G;
                    image.Data[o + 2] = colour.B;
                }
            }
        }
    }
}
