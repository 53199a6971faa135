using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The digits <see cref="DigitSegmenter.Find"/> found in a binary image, left to right: each one's box, and its
/// mask (image-sized, 255 = that digit's ink) made when asked for. A page has dozens of digits, and dozens of
/// image-sized masks alive at once cost more in fresh memory than reading the digits does.
/// </summary>
public sealed class FoundMarks : IDisposable
{
    private readonly Mat _labels;
    private readonly IReadOnlyList<(Rect Box, int[] Labels)> _marks;

    /// <summary>Keeps the connected components' labels and which of them make each digit.</summary>
    /// <param name="labels">The labels image of the connected components (32-bit, owned from now on).</param>
    /// <param name="marks">Each digit's box and component labels, left to right.</param>
    internal FoundMarks(Mat labels, IReadOnlyList<(Rect Box, int[] Labels)> marks)
    {
        _labels = labels;
        _marks = marks;
        Boxes = marks.Select(m => m.Box).ToArray();
    }

    /// <summary>Gets how many digits were found.</summary>
    public int Count => _marks.Count;

    /// <summary>Gets the digits' boxes, left to right.</summary>
    public IReadOnlyList<Rect> Boxes { get; }

    /// <summary>The mask of one digit: image-sized, 255 on its ink. The caller disposes it.</summary>
    /// <param name="index">The digit's place, left to right.</param>
    /// <returns>The mask.</returns>
    public Mat MaskOf(int index)
    {
        var (box, labels) = _marks[index];
        // Its components lie within its box, so only the box is compared.
        var mask = new Mat(_labels.Size(), MatType.CV_8UC1, Scalar.All(0));
        using var region = new Mat(_labels, box);
        using var inside = new Mat(mask, box);
        using var one = new Mat();
        foreach (int label in labels)
        {
            Cv2.Compare(region, label, one, CmpTypes.EQ);
            Cv2.BitwiseOr(inside, one, inside);
        }

        return mask;
    }

    /// <inheritdoc/>
    public void Dispose() => _labels.Dispose();
}
