using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class BitmapFontTests
{
    [Fact]
    public void Every_printable_ascii_character_but_space_has_ink()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            var ink = 0;
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    ink += BitmapFont.IsSet(c, column, row) ? 1 : 0;
                }
            }

            Assert.True(ink > 0, $"'{c}' is blank");
        }
    }

    [Fact]
    public void Distinct_characters_have_distinct_glyphs()
    {
        var seen = new Dictionary<string, char>();
        for (var c = ' '; c <= '~'; c++)
        {
            var key = string.Concat(Enumerable.Range(0, 35).Select(i => BitmapFont.IsSet(c, i % 5, i / 5) ? '#' : '.'));
            Assert.False(seen.TryGetValue(key, out var other), $"'{c}' looks like '{other}'");
            seen[key] = c;
        }
    }

    [Fact]
    public void Text_puts_dark_pixels_exactly_where_the_glyph_has_ink()
    {
        const int Scale = 3;
        var canvas = new Canvas(40, 30);
        canvas.DrawText(5, 4, "1", PlotColor.Black, Scale);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var column = x - 5;
                var row = y - 4;
                var ink = column >= 0 && row >= 0 && BitmapFont.IsSet('1', column / Scale, row / Scale);
                Assert.Equal(ink ? PlotColor.Black : PlotColor.White, canvas.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void Plus_and_minus_are_shaped_as_expected()
    {
        // '-' is one full-width bar on the middle row; '+' adds the centre column.
        for (var column = 0; column < 5; column++)
        {
            Assert.True(BitmapFont.IsSet('-', column, 3));
            Assert.True(BitmapFont.IsSet('+', column, 3));
        }

        Assert.False(BitmapFont.IsSet('-', 2, 1));
        Assert.True(BitmapFont.IsSet('+', 2, 1));
    }

    [Fact]
    public void Vertical_text_reads_upwards()
    {
        var canvas = new Canvas(20, 40);
        canvas.DrawTextVertical(5, 35, "-", PlotColor.Black, 1);
        // '-' is a horizontal bar on glyph row 3; turned anticlockwise it becomes a vertical bar in column 5 + 3.
        for (var y = 30; y < 35; y++)
        {
            Assert.Equal(PlotColor.Black, canvas.GetPixel(8, y));
            Assert.Equal(PlotColor.White, canvas.GetPixel(7, y));
        }
    }

    [Fact]
    public void Measured_width_is_the_advance_without_trailing_space()
    {
        Assert.Equal(0, BitmapFont.MeasureWidth("", 2));
        Assert.Equal(10, BitmapFont.MeasureWidth("x", 2));
        Assert.Equal(((3 * 6) - 1) * 2, BitmapFont.MeasureWidth("abc", 2));
    }

    [Fact]
    public void Characters_outside_ascii_render_as_a_question_mark()
    {
        var a = new Canvas(10, 10);
        var b = new Canvas(10, 10);
        a.DrawText(0, 0, "\u00E9", PlotColor.Black);
        b.DrawText(0, 0, "?", PlotColor.Black);
        Assert.Equal(b.Image.Data, a.Image.Data);
    }
}
