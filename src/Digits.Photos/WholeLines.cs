using Digits.Classifiers;
using Digits.Lines;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Reads each line that segmentation found again, whole, with the line reader (<see cref="LineNetwork"/>), and
/// keeps whichever reading is likelier: the line reader sees digits that touch, small zeros, thin 1s and the marks
/// among the digits (<c>1.500</c>, <c>623,68</c>) in their context, where marks cut apart and read one by one
/// are each a guess. Its digits take the boxes, 28x28 inputs and neighbours of the marks they fall on; its
/// marks become characters of the numbers, never digits. Segmentation's split of a line into numbers is kept.
/// </summary>
internal sealed class WholeLines(LineNetwork network, PhotoOptions options)
{
    /// <summary>
    /// A line reading replaces segmentation's when its best-path probability is at least this share of the
    /// product of segmentation's digit confidences (a refused digit counting its confidence), or when both read
    /// the same digits.
    /// </summary>
    public const double Preference = 0.5;

    /// <summary>Reads the lines again.</summary>
    /// <param name="lines">The lines as segmentation grouped them.</param>
    /// <param name="boxOf">Each digit's box in the page as read (turned upright), by digit.</param>
    /// <param name="ink">The ink map of the page as read.</param>
    /// <param name="binary">The thresholded ink of the page as read.</param>
    /// <param name="toOriginal">Maps a box of the page as read to the original photo's pixels.</param>
    public IReadOnlyList<FoundLine> Read(IReadOnlyList<FoundLine> lines, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Func<Rect, int[]> toOriginal)
        => lines.Select(line => ReadLine(line, boxOf, ink, binary, toOriginal)).ToArray();

    private FoundLine ReadLine(FoundLine line, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat ink, Mat binary, Func<Rect, int[]> toOriginal)
    {
        FoundDigit[] marks = line.Numbers.SelectMany(n => n.Digits).ToArray();
        if (marks.All(d => d.Digit is null))
        {
            return line; // nothing in it looked like a digit: it stays refused
        }

        Rect writing = marks.Select(d => boxOf[d]).Aggregate((a, b) => a.Union(b));
        var (image, region) = PhotoLines.CropWithRegion(ink, writing);
        LineReading reading = network.Read(image);
        string segmented = new(marks.Where(d => d.Digit is not null).Select(d => (char)('0' + d.Digit!.Value)).ToArray());
        double segmentedConfidence = marks.Aggregate(1.0, (p, d) => p * d.Confidence);
        bool same = reading.Digits == segmented && marks.All(d => d.Digit is not null);
        if (reading.Digits.Length == 0 || (!same && reading.Confidence < Preference * segmentedConfidence))
        {
            return line;
        }

        // Segmentation's numbers end at these x positions (midway through the blanks between them).
        double[] breaks = line.Numbers.Zip(line.Numbers.Skip(1), (a, b) => (boxOf[a.Digits[^1]].Right + boxOf[b.Digits[0]].Left) / 2.0).ToArray();
        var numbers = new List<List<(FoundCharacter Character, FoundDigit? Digit)>>();
        for (int i = 0; i <= breaks.Length; i++)
        {
            numbers.Add([]);
        }

        var used = new HashSet<FoundDigit>();
        foreach (LineCharacter c in reading.Characters)
        {
            double left = region.X + (c.Left * image.Scale), right = region.X + (c.Right * image.Scale), centre = (left + right) / 2;
            int number = breaks.Count(b => centre > b);
            if (c.Character is >= '0' and <= '9')
            {
                FoundDigit digit = Digit(c, left, right, writing, marks, used, boxOf, binary, toOriginal);
                numbers[number].Add((new FoundCharacter(digit.Digit is { } d ? (char)('0' + d) : '?', digit.Box, c.Confidence), digit));
            }
            else
            {
                Rect box = InkBox(binary, new Rect((int)left, writing.Y, Math.Max(1, (int)Math.Ceiling(right - left)), writing.Height));
                numbers[number].Add((new FoundCharacter(c.Character, toOriginal(box), c.Confidence), null));
            }
        }

        var found = numbers.Where(n => n.Count > 0).Select(n => new FoundNumber(
            new string(n.Select(c => c.Character.Character).ToArray()),
            Union(n.Select(c => c.Character.Box)),
            n.Where(c => c.Digit is not null).Select(c => c.Digit!).ToArray())
        {
            Characters = n.Select(c => c.Character).ToArray(),
        }).Where(n => n.Digits.Count > 0).ToArray();
        return found.Length == 0 ? line : new FoundLine(string.Join(' ', found.Select(n => n.Text)), Union(found.Select(n => n.Box)), found);
    }

    // A digit the line reader read: on the mark segmentation found there (its box, input and, when they agree,
    // neighbours), or else on the ink under its columns. The refusal rule judges it as it judges any digit.
    private FoundDigit Digit(LineCharacter c, double left, double right, Rect writing, FoundDigit[] marks, HashSet<FoundDigit> used, IReadOnlyDictionary<FoundDigit, Rect> boxOf, Mat binary, Func<Rect, int[]> toOriginal)
    {
        int value = c.Character - '0';
        double centre = (left + right) / 2;
        FoundDigit? under = marks.Where(m => !used.Contains(m) && Math.Abs(CentreX(boxOf[m]) - centre) <= Math.Max((right - left) / 2, boxOf[m].Width / 2.0))
            .OrderBy(m => Math.Abs(CentreX(boxOf[m]) - centre)).FirstOrDefault();
        double[] probabilities = c.Digits;
        if (under is not null)
        {
            used.Add(under);
            var agreed = new DigitPrediction(value, probabilities, under.Prediction.Digit == value ? under.Prediction.Neighbors : []);
            return under with { Digit = Refuse(agreed) is null ? value : null, Confidence = c.Confidence, Prediction = agreed, Refusal = Refuse(agreed) };
        }

        Rect box = InkBox(binary, new Rect((int)left, writing.Y, Math.Max(1, (int)Math.Ceiling(right - left)), writing.Height));
        using var part = new Mat(binary, box);
        byte[] input = DigitNormalizer.Normalize(part, strokeRatio: options.StrokeRatio);
        using Mat copy = part.Clone();
        copy.GetArray(out byte[] pixels);
        InkShape shape = InkShape.Measure(pixels, box.Width, box.Height);
        var prediction = new DigitPrediction(value, probabilities, []);
        string? refusal = Refuse(prediction);
        return new FoundDigit(refusal is null ? value : null, c.Confidence, toOriginal(box), input, prediction, refusal, shape);
    }

    // The line reader's digits are refused below the rule's confidence, as any digit; the not-a-digit score does
    // not judge them again (segmentation's marks under them already passed it).
    private string? Refuse(DigitPrediction prediction) => options.Refusal.Refuse(prediction);

    // The ink's bounding box within a region (the region itself when it holds no ink).
    private static Rect InkBox(Mat binary, Rect region)
    {
        region = region.Intersect(new Rect(0, 0, binary.Width, binary.Height));
        if (region.Width < 1 || region.Height < 1)
        {
            return new Rect(Math.Clamp(region.X, 0, binary.Width - 1), Math.Clamp(region.Y, 0, binary.Height - 1), 1, 1);
        }

        using var part = new Mat(binary, region);
        Rect ink = Cv2.BoundingRect(part);
        return ink.Width == 0 ? region : new Rect(region.X + ink.X, region.Y + ink.Y, ink.Width, ink.Height);
    }

    private static double CentreX(Rect box) => box.X + (box.Width / 2.0);

    private static int[] Union(IEnumerable<int[]> boxes)
    {
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        foreach (int[] b in boxes)
        {
            (left, top, right, bottom) = (Math.Min(left, b[0]), Math.Min(top, b[1]), Math.Max(right, b[0] + b[2]), Math.Max(bottom, b[1] + b[3]));
        }

        return left > right ? [0, 0, 0, 0] : [left, top, right - left, bottom - top];
    }
}
