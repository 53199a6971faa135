namespace Digits.Lines;

/// <summary>
/// A handwritten mark that is not a digit (a letter or a symbol), as ink, for <see cref="LineSynthesizer"/> to write
/// among its digits as <see cref="LineAlphabet.NotDigit"/>: the reader learns what a word beside a number looks like.
/// </summary>
/// <param name="Ink">The ink, 0 = paper, 255 = strongest, row-major, cropped to the mark.</param>
/// <param name="Width">The crop's width.</param>
/// <param name="Height">The crop's height.</param>
/// <param name="Size">The mark's height as a share of a digit's in the same hand (a capital about 1, a small x about 0.6).</param>
/// <param name="Drop">How far the mark reaches below the line's foot, as a share of its own height (a <c>p</c>'s tail).</param>
public sealed record InkGlyph(byte[] Ink, int Width, int Height, double Size, double Drop)
{
    /// <summary>Checks that the crop matches its size.</summary>
    /// <exception cref="ArgumentException">The crop does not match its size, or its size or drop is out of range.</exception>
    public void Validate()
    {
        if (Width < 1 || Height < 1 || Ink is null || Ink.Length != Width * Height)
        {
            throw new ArgumentException($"a {Width}x{Height} glyph needs {Math.Max(0, Width) * Math.Max(0, Height)} values, got {Ink?.Length ?? 0}");
        }

        if (Size is <= 0 or > 3 || Drop is < 0 or >= 1)
        {
            throw new ArgumentException($"a glyph's size (got {Size}) must be in (0, 3] and its drop (got {Drop}) in [0, 1)");
        }
    }
}
