using System.Diagnostics;
using Digits.Classifiers;

namespace Digits.Photos;

/// <summary>
/// The one recognition service: a photo's bytes, or a drawing, in; the digits read out, each with its box,
/// confidence, probabilities, neighbours and, when refused, the reason (one <see cref="RefusalRule"/> for both),
/// with the pipeline's stages and timings. <c>digits predict</c>, <c>digits serve</c> and the tests adapt it;
/// none of them decides anything about recognition itself. Thread-safe.
/// </summary>
public sealed class DigitReader
{
    /// <summary>The smallest drawing side accepted (MNIST's own size).</summary>
    public const int MinimumDrawingSide = 28;

    /// <summary>The largest drawing side accepted.</summary>
    public const int MaximumDrawingSide = 1024;

    private readonly PhotoReader _photos;

    /// <summary>Creates the reader.</summary>
    /// <param name="classifier">The model that reads each 28x28 digit (see <see cref="Models.ModelSource"/>).</param>
    /// <param name="options">Pipeline settings, the refusal rule among them.</param>
    public DigitReader(IDigitClassifier classifier, PhotoOptions? options = null)
    {
        Classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        _photos = new PhotoReader(classifier, options);
    }

    /// <summary>Gets the model.</summary>
    public IDigitClassifier Classifier { get; }

    /// <summary>Gets the pipeline settings.</summary>
    public PhotoOptions Options => _photos.Options;

    /// <summary>Reads the digits in a photo, scan or image file (the first page of a PDF or TIFF; <see cref="ReadPhotoPages"/> reads them all).</summary>
    /// <param name="bytes">PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC, AVIF or PDF content.</param>
    /// <param name="keepStages">Whether to return the pipeline's stages as PNG.</param>
    /// <returns>The digits read, left to right.</returns>
    /// <exception cref="PhotoException">The content is not a readable image, or it is too large.</exception>
    /// <exception cref="NativeLibraryException">OpenCV's native library cannot be loaded on this machine.</exception>
    public PhotoResult ReadPhoto(byte[] bytes, bool keepStages = false) => _photos.Read(bytes, keepStages);

    /// <summary>Reads every page of a file (a PDF's or TIFF's pages, or an image's one), one at a time; see <see cref="PhotoReader.ReadPages"/>.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="keepStages">Whether to return the intermediate images as PNG.</param>
    /// <returns>Each page's reading, in page order.</returns>
    /// <exception cref="PhotoException">The content, or a page when it is reached, is not readable, or it is too large.</exception>
    public IEnumerable<PhotoResult> ReadPhotoPages(byte[] bytes, bool keepStages = false) => _photos.ReadPages(bytes, keepStages);

    /// <summary>Reads one digit drawn on a canvas: grey values, 0 = background, any size from 28x28 to 1024x1024.</summary>
    /// <param name="pixels">Row-major grey values, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">The drawing's width.</param>
    /// <param name="height">The drawing's height.</param>
    /// <returns>The digit read (none when nothing is drawn), its box being the ink's in the drawing.</returns>
    /// <exception cref="ArgumentException">The size is out of range or does not match the number of values; the message says which.</exception>
    public PhotoResult ReadDrawing(ReadOnlySpan<byte> pixels, int width = MinimumDrawingSide, int height = MinimumDrawingSide)
    {
        if (width is < MinimumDrawingSide or > MaximumDrawingSide || height is < MinimumDrawingSide or > MaximumDrawingSide)
        {
            throw new ArgumentException($"a drawing must be {MinimumDrawingSide} to {MaximumDrawingSide} pixels on each side, got {width}x{height}");
        }

        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"a {width}x{height} drawing has {width * height} values, got {pixels.Length}");
        }

        OpenCvNative.EnsureLoaded();
        var total = Stopwatch.StartNew();
        byte[] input = DrawingNormalizer.Normalize(pixels, width, height, out int[] box);
        double preprocessMs = total.Elapsed.TotalMilliseconds;
        if (Array.TrueForAll(input, p => p == 0))
        {
            return PhotoResult.Of([], "nothing is drawn", [], Timings(preprocessMs, 0, total));
        }

        var classify = Stopwatch.StartNew();
        DigitPrediction prediction = Classifier.Classify(input);
        double classifyMs = classify.Elapsed.TotalMilliseconds;
        InkShape shape = InkShape.Measure(pixels, width, height);
        string? refusal = Options.Refusal.Refuse(prediction, shape, input, Novelty.ForDrawings);
        var digit = new FoundDigit(refusal is null ? prediction.Digit : null, prediction.Confidence, box, input, prediction, refusal, shape);
        return PhotoResult.Of([digit], refusal, [], Timings(preprocessMs, classifyMs, total));
    }

    /// <summary>
    /// The one digit in an image, as the models read it, to learn from (teaching): a 28x28 image is taken as it
    /// is (MNIST's way; dark ink on light paper is inverted); any other image goes through the photo pipeline,
    /// which must find exactly one digit in it.
    /// </summary>
    /// <param name="bytes">PNG, JPEG, GIF, BMP, WebP or TIFF content.</param>
    /// <returns>The 28x28 input (784 values, light ink on black).</returns>
    /// <exception cref="PhotoException">The content is not a readable image, holds no digit, or holds several; the message says which.</exception>
    public byte[] ReadExample(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        byte[]? asIs = MnistStyleImage.Read(bytes, out _, out _);
        if (asIs is not null)
        {
            return Array.TrueForAll(asIs, p => p == 0) ? throw new PhotoException("the 28x28 image is blank: no digit to learn from") : asIs;
        }

        PhotoResult read = ReadPhoto(bytes);
        return read.Digits.Count switch
        {
            0 => throw new PhotoException($"no digit found to learn from{(read.Message is { } m && m != "no digit found" ? $" ({m})" : "")}"),
            1 => read.Digits[0].Input,
            int n => throw new PhotoException($"{n} digits found (\"{read.Text}\"); teach one digit at a time, on an image of that digit alone"),
        };
    }

    /// <summary>The same reader with a user's own examples beside the model's training set (<see cref="Models.PersonalModel"/>).</summary>
    /// <param name="examples">The user's examples, as <see cref="ReadExample"/> gives them.</param>
    /// <returns>The personal reader; this one when there are no examples.</returns>
    /// <exception cref="NotSupportedException">The model cannot learn from examples (a network alone).</exception>
    public DigitReader WithExamples(Images.LabeledImages examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return examples.Count == 0 ? this : new DigitReader(Models.PersonalModel.WithExamples(Classifier, examples), Options);
    }

    private static ReadingTimings Timings(double preprocessMs, double classifyMs, Stopwatch total)
        => ReadingTimings.Of(0, preprocessMs, classifyMs, total.Elapsed.TotalMilliseconds);
}
