namespace CohortGrid.Slides.Tissue;

/// <summary>Area filtering of connected regions in a binary mask.</summary>
public static class ConnectedComponents
{
    /// <summary>Removes foreground components (8-connected) with fewer than <paramref name="minPixels"/> pixels.</summary>
    public static void RemoveSmallObjects(Span<byte> mask, int width, int height, long minPixels) =>
        Filter(mask, width, height, target: 1, eightConnected: true, touchingBorderIsKept: false, minPixels);

    /// <summary>
    /// Fills background components (4-connected, the dual of 8-connected foreground) that do not
    /// touch the image border and have fewer than <paramref name="maxPixels"/> pixels.
    /// </summary>
    public static void FillSmallHoles(Span<byte> mask, int width, int height, long maxPixels) =>
        Filter(mask, width, height, target: 0, eightConnected: false, touchingBorderIsKept: true, maxPixels);

    private static void Filter(Span<byte> mask, int width, int height, byte target, bool eightConnected, bool touchingBorderIsKept, long threshold)
    {
        if (threshold <= 0)
        {
            return;
        }

        var visited = new bool[mask.Length];
        var stack = new Stack<int>();
        var component = new List<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (visited[start] || mask[start] != target)
            {
                continue;
            }

            component.Clear();
            var touchesBorder = false;
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                component.Add(p);
                var x = p % width;
                var y = p / width;
                touchesBorder |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0))
                        {
                            continue;
                        }

                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var q = (ny * width) + nx;
                        if (!visited[q] && mask[q] == target)
                        {
                            visited[q] = true;
                            stack.Push(q);
                        }
                    }
                }
            }

            if (component.Count < threshold && !(touchingBorderIsKept && touchesBorder))
            {
                foreach (var p in component)
                {
                    mask[p] = (byte)(1 - target);
                }
            }
        }
    }
}
