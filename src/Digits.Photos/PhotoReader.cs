using System.Diagnostics;
using Digits.Classifiers;
using Digits.Classifiers.Network;
using Digits.Models;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Reads the digits in a photo of paper (or a drawing, or a scan): decode, bring to working size, estimate
/// the paper, measure ink as distance from it, threshold, find and group digits, bring each into MNIST form
/// and classify it. Each answer carries a confidence; an uncertain answer is refused, with its reason, by
/// <see cref="PhotoOptions.Refusal"/> (the same rule drawings are decided by) rather than guessed. Thread-safe: one reader can serve many requests.
/// </summary>
public sealed class PhotoReader
{
    private readonly IDigitClassifier _classifier;
    private readonly PhotoOptions _options;
    private readonly AverageClassifier? _splitJudge;
    private readonly IDigitClassifier _screen;

    /// <summary>Creates a reader.</summary>
    /// <param name="classifier">The model that reads each 28x28 digit (for example <see cref="DefaultModel"/>).</param>
    /// <param name="options">Pipeline settings.</param>
    public PhotoReader(IDigitClassifier classifier, PhotoOptions? options = null)
    {
        _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        // Choosing where touching digits part compares the average's reads of the candidate parts the network
        // screens in (none when the model is not an average), all with the quick neighbour half (25 candidates
        // re-ranked instead of 100) so that every part is read alike: on the synthetic pages as many numbers are
        // read right (529 / 602 and 526 / 624, against 530 and 524 with the full half) in a fifth less time per page.
        _splitJudge = classifier switch
        {
            AverageClassifier { QuickNeighbours: { } quick } average => new AverageClassifier(quick, average.Network),
            AverageClassifier average => average,
            _ => null,
        };

        // Which way up a page goes, and which splits of touching digits are worth the average's read, are screened
        // by one network alone when the model has one (the first of an average of networks): it is as sure of
        // upright digits as the average, and each read costs a few hundred microseconds instead of a millisecond or more.
        _screen = classifier is AverageClassifier { Network: var network } ? network : classifier;
        if (_screen is NetworkAverage networks)
        {
            _screen = networks.Members[0];
        }

        _options = options ?? new PhotoOptions();
    }

    /// <summary>Gets the pipeline settings.</summary>
    public PhotoOptions Options => _options;

    /// <summary>Reads a photo given as file content (the first page of a PDF or TIFF; <see cref="ReadPages"/> reads them all).</summary>
    /// <param name="bytes">PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC, AVIF or PDF content.</param>
    /// <param name="keepStages">Whether to return the intermediate images as PNG.</param>
    /// <returns>The digits read.</returns>
    /// <exception cref="PhotoException">The content is not a readable image, or it is too large.</exception>
    /// <exception cref="NativeLibraryException">OpenCV's native library cannot be loaded on this machine.</exception>
    public PhotoResult Read(byte[] bytes, bool keepStages = false) => ReadPages(bytes, keepStages).First();

    /// <summary>
    /// Reads every page of a file: each page of a PDF or TIFF scan, or the one page of an image, decoded one at a
    /// time as the next result is asked for. Each result says its <see cref="PhotoResult.Page"/>.
    /// </summary>
    /// <param name="bytes">PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC, AVIF or PDF content.</param>
    /// <param name="keepStages">Whether to return the intermediate images as PNG.</param>
    /// <returns>The digits read on each page, in page order.</returns>
    /// <exception cref="PhotoException">The content, or a page when it is reached, is not readable, or it is too large.</exception>
    /// <exception cref="NativeLibraryException">OpenCV's native library cannot be loaded on this machine.</exception>
    public IEnumerable<PhotoResult> ReadPages(byte[] bytes, bool keepStages = false)
    {
        OpenCvNative.EnsureLoaded();
        var total = Stopwatch.StartNew();
        IEnumerable<DecodedPage> pages = PhotoDecoder.Pages(bytes, _options.MaxPixels, _options.WorkingSize, _options.MaxPages); // checks the file now
        return Each(pages, keepStages, total);
    }

    private IEnumerable<PhotoResult> Each(IEnumerable<DecodedPage> pages, bool keepStages, Stopwatch total)
    {
        using IEnumerator<DecodedPage> next = pages.GetEnumerator();
        while (next.MoveNext())
        {
            using DecodedPage page = next.Current;
            double decodeMs = total.Elapsed.TotalMilliseconds;
            yield return Read(page.Image, page.Reduction, keepStages, decodeMs, total) with { Page = page.Number, PageCount = page.Count, ExifOrientation = page.ExifOrientation };
            total.Restart();
        }
    }

    /// <summary>Reads a photo already decoded to a BGR image.</summary>
    /// <param name="photo">The photo (not modified).</param>
    /// <param name="keepStages">Whether to return the intermediate images as PNG.</param>
    /// <returns>The digits read.</returns>
    public PhotoResult Read(Mat photo, bool keepStages = false) => Read(photo, 1, keepStages, 0, Stopwatch.StartNew());

    // reduction: how much smaller than the original file the decoded photo is (boxes are reported in the original's pixels).
    private PhotoResult Read(Mat photo, int reduction, bool keepStages, double decodeMs, Stopwatch total)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var stages = new List<PhotoStage>();
        var preprocess = Stopwatch.StartNew();
        using Mat resized = WorkingImage.Resize(photo, _options, out double scale);

        // A tiny image (a scan's cell, a thumbnail: enlarged 2x or more) is often cropped to its digit: paper
        // round it lets strokes that reach its edges be found. Larger small photos are left alone, as a margin of
        // one colour beside a shadow that darkens one side stands out like ink.
        int margin = scale >= 2 ? _options.MinimumWorkingSize / 8 : 0;
        using Mat? padded = margin > 0 ? PaperMargin.Add(resized, margin) : null;
        using Mat? cleared = SheetOnDesk.Clear(padded ?? resized, out Mat? onDesk);
        using Mat? sheet = onDesk;
        Mat working = cleared ?? padded ?? resized;
        using Mat paper = InkMap.Paper(working, sheet);
        using Mat ink = InkMap.Compute(working, paper);
        using Mat binary = DigitSegmenter.Threshold(ink, _options, out Mat? grid, sheet);
        using Mat? walls = grid;
        if (walls is not null)
        {
            ink.SetTo(Scalar.All(0), walls); // a table's lines are no writing for the line reader either
        }

        double preprocessMs = preprocess.Elapsed.TotalMilliseconds;
        var classify = Stopwatch.StartNew();
        var (turn, read) = ReadTurned(binary);
        var digits = new List<FoundDigit>();
        var boxOf = new Dictionary<FoundDigit, Rect>(ReferenceEqualityComparer.Instance); // each digit's box the way up the page reads
        double toOriginal = reduction / scale;
        int[] ToOriginal(Rect box)
        {
            Rect upright = PageOrientation.ToUnturned(box, turn, working.Width, working.Height);
            int left = Math.Max(0, upright.X - margin), top = Math.Max(0, upright.Y - margin);
            int right = Math.Min(resized.Width, upright.Right - margin), bottom = Math.Min(resized.Height, upright.Bottom - margin);
            return [(int)(left * toOriginal), (int)(top * toOriginal), (int)Math.Ceiling(Math.Max(0, right - left) * toOriginal), (int)Math.Ceiling(Math.Max(0, bottom - top) * toOriginal)];
        }

        foreach (var (box, input, prediction, shape, refusal) in read)
        {
            var digit = new FoundDigit(refusal is null ? prediction.Digit : null, prediction.Confidence, ToOriginal(box), input, prediction, refusal, shape);
            digits.Add(digit);
            boxOf[digit] = box;
        }

        IReadOnlyList<FoundLine> lines = LineLayout.Group(digits, digits.Select(d => new[] { boxOf[d].X, boxOf[d].Y, boxOf[d].Width, boxOf[d].Height }).ToArray());
        IReadOnlyList<LeftOutMark> leftOut = [];
        if (_options.LineReader is { } lineReader && lines.Count > 0)
        {
            using Mat? turnedInk = turn == 0 ? null : PageOrientation.Turn(ink, turn);
            using Mat? turnedBinary = turn == 0 ? null : PageOrientation.Turn(binary, turn);
            using Mat? turnedWalls = turn == 0 || walls is null ? null : PageOrientation.Turn(walls, turn);
            var wholeLines = new WholeLines(lineReader, _options);
            lines = wholeLines.Read(lines, boxOf, turnedInk ?? ink, turnedBinary ?? binary, turnedWalls ?? walls, ToOriginal);
            leftOut = wholeLines.LeftOut;
        }

        double classifyMs = classify.Elapsed.TotalMilliseconds;
        if (keepStages)
        {
            using var grey = new Mat();
            Cv2.CvtColor(working, grey, ColorConversionCodes.BGR2GRAY);
            stages.Add(Stage("grey", grey));
            stages.Add(Stage("paper", paper));
            stages.Add(Stage("ink", ink));
            stages.Add(Stage("binary", binary));
            using var boxes = working.Clone();
            foreach (var (box, _, _, _, _) in read)
            {
                Cv2.Rectangle(boxes, PageOrientation.ToUnturned(box, turn, working.Width, working.Height), new Scalar(57, 57, 230), Math.Max(2, working.Width / 300));
            }

            stages.Add(Stage("boxes", boxes));
        }

        FoundDigit[] kept = lines.SelectMany(l => l.Numbers).SelectMany(n => n.Digits).ToArray();
        string? message = kept.Length == 0
            ? leftOut.Count > 0 ? $"no digit found ({leftOut.Count} marks not digits: letter-like)" : "no digit found"
            : kept.Any(d => d.Digit is null) ? $"{kept.Count(d => d.Digit is null)} of {kept.Length} digits too uncertain to read (shown as ?)" : null;
        var timings = ReadingTimings.Of(decodeMs, preprocessMs, classifyMs, total.Elapsed.TotalMilliseconds);
        return PhotoResult.Of(lines, message, stages, timings) with { Turn = turn, LeftOut = leftOut };
    }

    // Reads the page the way up it was written (see PageOrientation). Boxes are in the turned image.
    private (int Turn, List<(Rect Box, byte[] Input, DigitPrediction Prediction, InkShape Shape, string? Refusal)> Read) ReadTurned(Mat binary)
    {
        // Which way up is judged by the screening network (4 orientations x 16 marks).
        int turn = PageOrientation.Choose(
            binary,
            image => DigitSegmenter.Marks(image, _options),
            crop => _screen.Classify(DigitNormalizer.Normalize(crop, strokeRatio: _options.StrokeRatio)));
        using Mat? turned = turn == 0 ? null : PageOrientation.Turn(binary, turn);
        using FoundMarks found = DigitSegmenter.Find(turned ?? binary, _options);
        return (turn, ReadAll(found));
    }

    private List<(Rect Box, byte[] Input, DigitPrediction Prediction, InkShape Shape, string? Refusal)> ReadAll(FoundMarks found)
    {
        IReadOnlyList<Rect> boxes = found.Boxes;
        double slant = DigitSegmenter.Slant(boxes);
        // Marks are read on every core (a page has dozens), each into its own place, so the order stays the page's.
        var marks = new List<(Rect Box, byte[] Input, DigitPrediction Prediction, InkShape Shape, string? Refusal)>[found.Count];
        Parallel.For(0, found.Count, i =>
        {
            Rect box = boxes[i];
            using Mat mask = found.MaskOf(i);
            marks[i] = ReadMark(box, mask, slant, found.Count == 1);
        });
        return marks.SelectMany(m => m).ToList();
    }

    // A mark much wider than tall may be touching digits: the model judges where to split it (or not), and a
    // split whose parts stand beats a whole the refusal rule would refuse. Among other marks (a number, a page), a
    // narrower mark is tried the same way when it is refused whole: two digits leaning into each other can be no
    // wider than tall. A lone mark is not, so that a photo of something else is not read as the digits of its pieces.
    // On a number written on a slant, each digit is turned upright (by the slant of the line through the digits)
    // before it is read.
    private List<(Rect Box, byte[] Input, DigitPrediction Prediction, InkShape Shape, string? Refusal)> ReadMark(Rect box, Mat mask, double slant, bool alone)
    {
        bool wide = box.Width > _options.SplitAspect * box.Height;
        if (!wide)
        {
            byte[] whole = Normalize(mask, box, slant);
            var judged = Judge(mask, box, whole, _classifier.Classify(whole));
            if (alone || box.Width < _options.RefusedSplitAspect * box.Height || judged.Refusal is null)
            {
                return [judged];
            }
        }

        // The screening network reads every candidate part (a fraction of the average's cost); the average chooses
        // among the splits the screen scores near its best, reusing the screen's read of each part when the screen
        // is the average's whole network.
        Func<byte[], DigitPrediction, DigitPrediction>? confirm = _splitJudge is not { } judge
            ? null
            : ReferenceEquals(_screen, judge.Network) ? (input, screened) => judge.Classify(input, screened) : (input, _) => judge.Classify(input);
        var digits = TouchingDigits.Read(
            mask,
            box,
            (part, partBox) =>
            {
                byte[] input = Normalize(part, partBox, slant);
                return (input, _screen.Classify(input));
            },
            confirm,
            (partBox, input, prediction) => Judge(mask, partBox, input, prediction).Refusal is not null,
            slant == 0 ? TouchingDigits.WideAspect : double.PositiveInfinity);
        return digits.Select(d => Judge(mask, d.Box, d.Input, d.Prediction)).ToList();
    }

    // A digit read, with its ink's shape as found and why the refusal rule refuses it (null when it stands).
    private (Rect Box, byte[] Input, DigitPrediction Prediction, InkShape Shape, string? Refusal) Judge(Mat mask, Rect box, byte[] input, DigitPrediction prediction)
    {
        InkShape shape = ShapeOf(mask, box);
        return (box, input, prediction, shape, _options.Refusal.Refuse(prediction, shape, input, Novelty.ForPhotos));
    }

    // The ink's shape as found, before normalising evens out its strokes (the not-a-digit score's first signs).
    private static InkShape ShapeOf(Mat mask, Rect box)
    {
        using var part = new Mat(mask, box);
        using Mat copy = part.Clone();
        copy.GetArray(out byte[] pixels);
        return InkShape.Measure(pixels, box.Width, box.Height);
    }

    private byte[] Normalize(Mat mask, Rect box, double slant)
    {
        if (slant == 0)
        {
            return DigitNormalizer.Normalize(mask, strokeRatio: _options.StrokeRatio);
        }

        using Mat upright = DigitNormalizer.Rotate(mask, box, slant);
        return DigitNormalizer.Normalize(upright, strokeRatio: _options.StrokeRatio);
    }

    private static PhotoStage Stage(string name, Mat image)
    {
        Cv2.ImEncode(".png", image, out byte[] png);
        return new PhotoStage(name, png);
    }
}
