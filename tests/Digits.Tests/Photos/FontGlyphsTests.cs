using Digits.Photos;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class FontGlyphsTests
{
    [Fact]
    public void Render_GivesEachMarkOfAHandwritingFont_AtItsSizeBesideTheFontsDigits()
    {
        IReadOnlyList<string> fonts = FontGlyphs.FontsOf(["breip"]);
        Assert.True(fonts.Count > 0, $"fonts-breip is not installed in {FontGlyphs.FontFolder} (apt-get install fonts-breip)");
        var glyphs = FontGlyphs.Render([fonts[0]]);
        Assert.Equal(FontGlyphs.Marks.Length, glyphs.Count);
        foreach (var glyph in glyphs)
        {
            glyph.Validate();
            Assert.Contains(glyph.Ink, v => v > 128);
        }

        var of = FontGlyphs.Marks.Select((c, i) => (c, glyphs[i])).ToDictionary(p => p.c, p => p.Item2);
        Assert.InRange(of['A'].Size, 0.7, 1.5);      // a capital stands about as tall as a digit
        Assert.True(of['x'].Size < of['A'].Size);    // a small letter lower
        Assert.True(of['p'].Drop > 0.15);            // a tail below the foot
        Assert.True(of['A'].Drop < 0.1);
    }

    [Fact]
    public void Render_RefusesAFontItCannotRead()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-font-{Guid.NewGuid():N}.ttf");
        File.WriteAllText(path, "not a font");
        try
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => FontGlyphs.Render([path]));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Marks_HoldNoCharacterAHandWritesAsADigit()
    {
        foreach (char c in "0123456789OoIlZzSsbgqBTF>()!")
        {
            Assert.DoesNotContain(c, FontGlyphs.Marks);
        }
    }
}
