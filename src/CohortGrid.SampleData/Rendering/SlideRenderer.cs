using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Rendering;

/// <summary>
/// Paints level 0 of a synthetic H&amp;E slide: glass with faint illumination drift and noise, tissue
/// regions of textured eosin-pink stroma, white lumens ringed by nuclei, and haematoxylin-dark nuclei
/// scattered through the tissue. Shapes are drawn from one seeded <see cref="Random"/> up front and
/// pixel noise is a hash of the coordinates, so bands render in parallel yet the bytes depend only on
/// the spec.
/// </summary>
internal static class SlideRenderer
{
    /// <summary>Glass brightness; slide scanners white-balance glass to roughly this.</summary>
    public const float GlassLevel = 242f;

    private const int BandRows = 32;

    /// <summary>Typical distance between lumens in µm at grade 0.</summary>
    private const double LumenSpacingUm = 250;

    public static RgbImage Render(SyntheticSlideSpec spec)
    {
        var random = new Random(spec.Seed);
        var seed = (uint)spec.Seed;
        var image = new RgbImage(spec.Width, spec.Height);
        var illumination = new NoiseTexture(random, 9, 128, 128);
        var coverage = spec.Blank ? 0 : spec.TissueCoverage;
        var scene = coverage > 0 ? Scene.Create(spec, coverage, random) : null;
        var bands = (spec.Height + BandRows - 1) / BandRows;
        Parallel.For(0, bands, band => RenderBand(spec, seed, illumination, scene, image, band));
        return image;
    }

    private static void RenderBand(SyntheticSlideSpec spec, uint seed, NoiseTexture illumination, Scene? scene, RgbImage image, int band)
    {
        var width = spec.Width;
        var top = band * BandRows;
        var rows = Math.Min(BandRows, spec.Height - top);
        // Stain amounts per pixel; negative haematoxylin marks glass.
        var haematoxylin = new float[rows * width];
        var eosin = new float[rows * width];
        haematoxylin.AsSpan().Fill(-1);
        scene?.Paint(top, rows, width, haematoxylin, eosin, band);

        var palette = StainPalette.Instance;
        var data = image.Data;
        for (var r = 0; r < rows; r++)
        {
            var y = top + r;
            var o = y * width * 3;
            for (var x = 0; x < width; x++, o += 3)
            {
                var glass = GlassLevel + (4 * (illumination[x, y] - 0.5f));
                var hash = PixelHash.Hash(x, y, seed);
                var h = haematoxylin[(r * width) + x];
                if (h < 0)
                {
                    // Mostly flat with the odd +-1: faint sensor noise that still compresses well.
                    var flicker = (hash & 15) switch { 0 => -1, 1 => 1, _ => 0 };
                    var value = (byte)Math.Clamp((int)(glass + 0.5f) + flicker, 0, 255);
                    data[o] = value;
                    data[o + 1] = value;
                    data[o + 2] = value;
                    continue;
                }

                var e = eosin[(r * width) + x];
                var noise = (int)((hash >> 8) % 3) - 1;
                data[o] = Channel(glass * palette.Transmission(0, h, e), noise);
                data[o + 1] = Channel(glass * palette.Transmission(1, h, e), noise);
                data[o + 2] = Channel(glass * palette.Transmission(2, h, e), noise);
            }
        }
    }

    private static byte Channel(float value, int noise) => (byte)Math.Clamp((int)(value + 0.5f) + noise, 0, 255);

    /// <summary>Everything in the tissue: outline, textures, lumens and nuclei, with per-band lists of the shapes that touch each band.</summary>
    private sealed class Scene
    {
        private readonly TissueLayout _layout;
        private readonly GradeAppearance _look;
        private readonly NoiseTexture _stroma;
        private readonly NoiseTexture _grain;
        private readonly NoiseTexture _fibres;
        private readonly NoiseTexture _chromatin;
        private readonly List<Ellipse> _lumens;
        private readonly List<Nucleus> _nuclei;
        private readonly List<int>[] _lumensByBand;
        private readonly List<int>[] _nucleiByBand;

        private Scene(SyntheticSlideSpec spec, double coverage, Random random)
        {
            _layout = TissueLayout.Create(spec.Width, spec.Height, coverage, random);
            _look = GradeAppearance.For(spec.Grade);
            _stroma = new NoiseTexture(random, 9, 64, 64);
            _grain = new NoiseTexture(random, 7, 4, 4);
            _fibres = new NoiseTexture(random, 9, 64, 4);
            _chromatin = new NoiseTexture(random, 6, 2, 2);
            var tissueArea = coverage * spec.Width * spec.Height;
            _lumens = PlaceLumens(spec, tissueArea, random);
            _nuclei = PlaceNuclei(spec, tissueArea, random);
            var bands = (spec.Height + BandRows - 1) / BandRows;
            _lumensByBand = ByBand(_lumens, s => s, bands, spec.Height);
            _nucleiByBand = ByBand(_nuclei, n => n.Shape, bands, spec.Height);
        }

        public static Scene Create(SyntheticSlideSpec spec, double coverage, Random random) => new(spec, coverage, random);

        public void Paint(int top, int rows, int width, float[] haematoxylin, float[] eosin, int band)
        {
            var field = new float[width];
            var threshold = _layout.Threshold;
            for (var r = 0; r < rows; r++)
            {
                var y = top + r;
                _layout.FieldRow(y, field);
                for (var x = 0; x < width; x++)
                {
                    if (field[x] <= threshold)
                    {
                        continue;
                    }

                    // Wavy collagen fibres over a blotchy base, with fine grain: enough texture for blur checks to pass.
                    var coarse = _stroma[x, y];
                    var fibre = _fibres[x, y + (int)(48 * coarse)];
                    var grain = _grain[x, y];
                    var i = (r * width) + x;
                    eosin[i] = _look.StromaEosin * (0.45f + (0.5f * coarse) + (0.45f * fibre) + (0.2f * grain));
                    haematoxylin[i] = _look.StromaHaematoxylin * (0.6f + (0.8f * grain));
                }
            }

            foreach (var index in _lumensByBand[band])
            {
                var lumen = _lumens[index];
                ForEachPixel(lumen, top, rows, width, (i, _, _, d2) =>
                {
                    if (d2 < 1)
                    {
                        haematoxylin[i] = -1;
                    }
                });
            }

            foreach (var index in _nucleiByBand[band])
            {
                var nucleus = _nuclei[index];
                var shape = nucleus.Shape;
                var sharpness = MathF.Min(shape.A, shape.B);
                ForEachPixel(shape, top, rows, width, (i, x, y, d2) =>
                {
                    if (d2 >= 1.2f)
                    {
                        return;
                    }

                    // A one-pixel soft edge, then clumped chromatin inside.
                    var alpha = Math.Clamp(((1 - MathF.Sqrt(d2)) * sharpness) + 0.5f, 0, 1);
                    var stain = nucleus.Haematoxylin * (0.75f + (0.5f * _chromatin[x, y]));
                    var baseH = MathF.Max(haematoxylin[i], 0);
                    var baseE = haematoxylin[i] < 0 ? 0 : eosin[i];
                    haematoxylin[i] = baseH + ((stain - baseH) * alpha);
                    eosin[i] = baseE + ((0.08f - baseE) * alpha);
                });
            }
        }

        private static void ForEachPixel(Ellipse shape, int top, int rows, int width, Action<int, int, int, float> visit)
        {
            var y0 = Math.Max(shape.Top, top);
            var y1 = Math.Min(shape.Bottom, top + rows - 1);
            var x0 = Math.Max((int)MathF.Floor(shape.X - shape.Reach), 0);
            var x1 = Math.Min((int)MathF.Ceiling(shape.X + shape.Reach), width - 1);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    visit(((y - top) * width) + x, x, y, shape.DistanceSquared(x, y));
                }
            }
        }

        private List<Ellipse> PlaceLumens(SyntheticSlideSpec spec, double tissueArea, Random random)
        {
            var spacing = LumenSpacingUm / spec.Mpp;
            var wanted = (int)Math.Round(_look.LumenDensity * tissueArea / (spacing * spacing));
            var lumens = new List<Ellipse>(wanted);
            for (var attempt = 0; attempt < wanted * 30 && lumens.Count < wanted; attempt++)
            {
                var radius = (float)((8 + (22 * random.NextDouble())) / spec.Mpp);
                var elongation = (float)(1 + (0.8 * random.NextDouble()));
                var x = (float)(random.NextDouble() * spec.Width);
                var y = (float)(random.NextDouble() * spec.Height);
                var angle = (float)(random.NextDouble() * Math.PI);
                // Deep inside the tissue, so lumens are holes in it rather than bites out of its edge.
                if (_layout.FieldAt(x, y) > _layout.Threshold + (3 * radius))
                {
                    lumens.Add(new Ellipse(x, y, radius * MathF.Sqrt(elongation), radius / MathF.Sqrt(elongation), angle));
                }
            }

            return lumens;
        }

        private List<Nucleus> PlaceNuclei(SyntheticSlideSpec spec, double tissueArea, Random random)
        {
            var meanRadius = _look.NucleusRadiusUm / spec.Mpp;
            var wanted = (int)Math.Round(_look.NucleusAreaFraction * tissueArea / (Math.PI * meanRadius * meanRadius));
            var nuclei = new List<Nucleus>(wanted + (_lumens.Count * 24));

            // Gland epithelium: a ring of nuclei around each lumen.
            foreach (var lumen in _lumens)
            {
                var ringRadius = ((lumen.A + lumen.B) / 2) + (float)(meanRadius * 1.3);
                var count = (int)(2 * Math.PI * ringRadius / (2.4 * meanRadius));
                for (var k = 0; k < count; k++)
                {
                    var angle = (float)(2 * Math.PI * (k + (0.3 * random.NextDouble())) / count);
                    var x = lumen.X + (ringRadius * MathF.Cos(angle));
                    var y = lumen.Y + (ringRadius * MathF.Sin(angle));
                    nuclei.Add(NewNucleus(x, y, angle, meanRadius, random));
                }
            }

            for (var attempt = 0; attempt < wanted * 20 && nuclei.Count < wanted + (_lumens.Count * 24); attempt++)
            {
                var x = (float)(random.NextDouble() * spec.Width);
                var y = (float)(random.NextDouble() * spec.Height);
                var angle = (float)(random.NextDouble() * Math.PI);
                if (_layout.IsTissue(x, y) && !_lumens.Exists(l => l.DistanceSquared(x, y) < 1.5f))
                {
                    nuclei.Add(NewNucleus(x, y, angle, meanRadius, random));
                }
            }

            return nuclei;
        }

        private Nucleus NewNucleus(float x, float y, float angle, double meanRadius, Random random)
        {
            var radius = meanRadius * Math.Max(0.5, 1 + (_look.RadiusSpread * Gaussian(random)));
            var elongation = 1 + ((_look.MaxElongation - 1) * random.NextDouble());
            var shape = new Ellipse(x, y, (float)(radius * Math.Sqrt(elongation)), (float)(radius / Math.Sqrt(elongation)), angle);
            return new Nucleus(shape, _look.NucleusHaematoxylin * (float)(0.85 + (0.3 * random.NextDouble())));
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        private static List<int>[] ByBand<T>(List<T> shapes, Func<T, Ellipse> shapeOf, int bands, int height)
        {
            var lists = new List<int>[bands];
            for (var b = 0; b < bands; b++)
            {
                lists[b] = [];
            }

            for (var i = 0; i < shapes.Count; i++)
            {
                var shape = shapeOf(shapes[i]);
                var first = Math.Max(0, shape.Top) / BandRows;
                var last = Math.Min(height - 1, shape.Bottom) / BandRows;
                for (var b = first; b <= last && b < bands; b++)
                {
                    lists[b].Add(i);
                }
            }

            return lists;
        }
    }
}
