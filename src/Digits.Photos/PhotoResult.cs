using Digits.Classifiers;

namespace Digits.Photos;

/// <summary>One digit found in a photo.</summary>
/// <param name="Digit">The digit, or null when the model was too unsure to say.</param>
/// <param name="Confidence">The model's probability for its best guess (0-1).</param>
/// <param name="Box">Where the digit is in the original photo: x, y, width, height.</param>
/// <param name="Input">The 28x28 image the model read (784 bytes, white ink on black).</param>
/// <param name="Prediction">The model's full answer: probabilities and neighbours.</param>
/// <param name="Refusal">Why the digit was refused (<see cref="RefusalRule"/>), or null when it was read.</param>
/// <param name="Shape">How its ink lies in its box, as found (one of the signs the not-a-digit score weighs).</param>
public sealed record FoundDigit(int? Digit, double Confidence, int[] Box, byte[] Input, DigitPrediction Prediction, string? Refusal = null, InkShape Shape = default);

/// <summary>One character of a number: a digit, or a mark written among the digits (<c>.,-=/:</c>).</summary>
/// <param name="Character">The character ('?' for a refused digit).</param>
/// <param name="Box">Where it is: x, y, width, height, in the original's pixels.</param>
/// <param name="Confidence">How sure the reader is of it (0-1).</param>
public sealed record FoundCharacter(char Character, int[] Box, double Confidence);

/// <summary>One number: digits written together, with no wide gap between them, and the marks among them.</summary>
/// <param name="Text">Its characters as written: digits ('?' for a refused one) and marks such as <c>1.500</c>, <c>623,68</c>, <c>12/05</c>.</param>
/// <param name="Box">Where it is: x, y, width, height, in the original's pixels.</param>
/// <param name="Digits">Its digits, left to right (the marks are not digits).</param>
public sealed record FoundNumber(string Text, int[] Box, IReadOnlyList<FoundDigit> Digits)
{
    private readonly IReadOnlyList<FoundCharacter>? _characters;

    /// <summary>Gets its characters, left to right: the digits and the marks among them.</summary>
    public IReadOnlyList<FoundCharacter> Characters
    {
        get => _characters ?? Digits.Select(d => new FoundCharacter(d.Digit is { } digit ? (char)('0' + digit) : '?', d.Box, d.Confidence)).ToArray();
        init => _characters = value;
    }
}

/// <summary>One line of writing.</summary>
/// <param name="Text">Its numbers, separated by spaces.</param>
/// <param name="Box">Where it is: x, y, width, height, in the original's pixels.</param>
/// <param name="Numbers">Its numbers, left to right.</param>
public sealed record FoundLine(string Text, int[] Box, IReadOnlyList<FoundNumber> Numbers);

/// <summary>A mark left out of the numbers because it is not a digit (a letter of a word beside a number, a symbol).</summary>
/// <param name="Box">Where it is: x, y, width, height, in the original's pixels.</param>
/// <param name="Reason">Why, for example <c>not a digit: letter-like</c>.</param>
public sealed record LeftOutMark(int[] Box, string Reason);

/// <summary>A stage of the pipeline as a PNG, for debugging and for the web page.</summary>
/// <param name="Name">The stage: grey, paper, ink, binary, boxes.</param>
/// <param name="Png">The encoded image.</param>
public sealed record PhotoStage(string Name, byte[] Png);

/// <summary>What was read in a photo.</summary>
/// <param name="Text">What was read: lines separated by newlines, numbers within a line by spaces, '?' for a digit too uncertain to name ("" when none).</param>
/// <param name="Lines">The lines, top to bottom, each with its numbers left to right (see <see cref="LineLayout"/>).</param>
/// <param name="Digits">Every digit found, in reading order (the lines' digits, one after another).</param>
/// <param name="Message">Why nothing (or not everything) was read, or null.</param>
/// <param name="Stages">Pipeline stages, when asked for.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record PhotoResult(string Text, IReadOnlyList<FoundLine> Lines, IReadOnlyList<FoundDigit> Digits, string? Message, IReadOnlyList<PhotoStage> Stages, ReadingTimings Timings)
{
    /// <summary>
    /// Gets how far the photo was turned, clockwise in degrees (0, 90, 180 or 270), to read it the way up it was
    /// written; the boxes are in the photo as given.
    /// </summary>
    public int Turn { get; init; }

    /// <summary>Gets the marks left out of the numbers because they are not digits (the letters of a word beside a number).</summary>
    public IReadOnlyList<LeftOutMark> LeftOut { get; init; } = [];

    /// <summary>Gets which page of the file this is, from 1 (a PDF's or TIFF's page; 1 for an image).</summary>
    public int Page { get; init; } = 1;

    /// <summary>Gets how many pages the file has.</summary>
    public int PageCount { get; init; } = 1;

    /// <summary>
    /// Gets the EXIF orientation the photo was stored with (1 to 8; 1 as stored, 6 for a phone held upright that
    /// stored its pixels sideways), which was applied before reading, as a viewer shows it; the boxes are in the photo as shown.
    /// </summary>
    public int ExifOrientation { get; init; } = 1;

    /// <summary>Where a digit of <see cref="Lines"/> stands in <see cref="Digits"/>.</summary>
    /// <param name="digit">One of this result's digits.</param>
    /// <returns>Its index in <see cref="Digits"/>.</returns>
    /// <exception cref="ArgumentException">The digit is not one of this result's.</exception>
    public int IndexOf(FoundDigit digit)
    {
        for (int i = 0; i < Digits.Count; i++)
        {
            if (ReferenceEquals(Digits[i], digit))
            {
                return i;
            }
        }

        throw new ArgumentException("the digit is not one of this reading's", nameof(digit));
    }

    /// <summary>Lays the digits found out in lines and numbers (<see cref="LineLayout"/>) and makes the answer.</summary>
    /// <param name="digits">The digits found.</param>
    /// <param name="message">Why nothing (or not everything) was read, or null.</param>
    /// <param name="stages">Pipeline stages, when asked for.</param>
    /// <param name="timings">Where the time went.</param>
    /// <param name="layout">The digits' boxes in the page turned upright, when it was turned (else their own boxes).</param>
    internal static PhotoResult Of(IReadOnlyList<FoundDigit> digits, string? message, IReadOnlyList<PhotoStage> stages, ReadingTimings timings, IReadOnlyList<int[]>? layout = null)
        => Of(LineLayout.Group(digits, layout ?? digits.Select(d => d.Box).ToArray()), message, stages, timings);

    /// <summary>Makes the answer from lines already laid out.</summary>
    internal static PhotoResult Of(IReadOnlyList<FoundLine> lines, string? message, IReadOnlyList<PhotoStage> stages, ReadingTimings timings)
    {
        FoundDigit[] ordered = lines.SelectMany(l => l.Numbers).SelectMany(n => n.Digits).ToArray();
        return new PhotoResult(LineLayout.TextOf(lines), lines, ordered, message, stages, timings);
    }
}

/// <summary>Where the time of one reading went, in milliseconds (rounded to 0.01 ms).</summary>
/// <param name="Decode">Decoding the image file (0 for a drawing).</param>
/// <param name="Preprocess">Finding and normalising the digits.</param>
/// <param name="Classify">Running the model on them.</param>
/// <param name="Total">All of it, end to end.</param>
public sealed record ReadingTimings(double Decode, double Preprocess, double Classify, double Total)
{
    /// <summary>The timings by name (<c>decode</c>, <c>preprocess</c>, <c>classify</c>, <c>total</c>), for reports and JSON.</summary>
    /// <returns>A new dictionary, in that order.</returns>
    public Dictionary<string, double> ToDictionary() => new()
    {
        ["decode"] = Decode,
        ["preprocess"] = Preprocess,
        ["classify"] = Classify,
        ["total"] = Total,
    };

    /// <summary>Creates timings from unrounded milliseconds.</summary>
    /// <returns>The timings, rounded to 0.01 ms.</returns>
    public static ReadingTimings Of(double decode, double preprocess, double classify, double total)
        => new(Math.Round(decode, 2), Math.Round(preprocess, 2), Math.Round(classify, 2), Math.Round(total, 2));
}
