using System.Numerics;

namespace Digits.Images;

/// <summary>The smallest box round every pixel of a square image brighter than a level: where the ink is.</summary>
/// <param name="Left">The leftmost inked column.</param>
/// <param name="Top">The topmost inked row.</param>
/// <param name="Right">The rightmost inked column.</param>
/// <param name="Bottom">The bottom inked row.</param>
internal readonly record struct InkBox(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Gets the box's width in pixels.</summary>
    public int Width => Right - Left + 1;

    /// <summary>Gets the box's height in pixels.</summary>
    public int Height => Bottom - Top + 1;

    /// <summary>Finds the box round the pixels of <paramref name="image"/> (<paramref name="side"/> x <paramref name="side"/>) above <paramref name="level"/>.</summary>
    /// <returns>False when no pixel is above it.</returns>
    public static bool TryFind<T>(ReadOnlySpan<T> image, int side, T level, out InkBox box)
        where T : INumber<T>
    {
        int left = side, top = side, right = -1, bottom = -1;
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                if (image[(y * side) + x] > level)
                {
                    (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                }
            }
        }

        box = new InkBox(left, top, right, bottom);
        return right >= 0;
    }
}
