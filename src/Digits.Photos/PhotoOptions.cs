using Digits.Classifiers;
using Digits.Lines;
using Digits.Models;

namespace Digits.Photos;

/// <summary>Settings of the photo pipeline. The defaults suit phone photos and scans of digits on paper.</summary>
public sealed record PhotoOptions
{
    /// <summary>Gets the largest image accepted, in pixels, checked from the header before decoding. Defaults to 40 megapixels.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Gets the most pages of a document (PDF, TIFF) read. Defaults to <see cref="PhotoDecoder.MaxPages"/>.</summary>
    public int MaxPages { get; init; } = PhotoDecoder.MaxPages;

    /// <summary>Gets the longest side the photo is reduced to before processing. Defaults to 1024.</summary>
    public int WorkingSize { get; init; } = 1024;

    /// <summary>
    /// Gets the longest side a smaller image is enlarged to before processing, so thresholds and stroke repairs
    /// have pixels to work with: a 28x28 MNIST image or a thumbnail is read like a photo. Defaults to 256.
    /// </summary>
    public int MinimumWorkingSize { get; init; } = 256;

    /// <summary>
    /// Gets the weakest ink, as a distance from the paper colour (0-255), that can count as a stroke on clean
    /// paper. Defaults to 12 (faint pencil photographed in soft light reaches 25-30).
    /// </summary>
    public double MinimumContrast { get; init; } = 12;

    /// <summary>
    /// Gets how many times the paper's grain (the median distance of a pixel from the paper estimate) the
    /// weakest stroke must stand out, so textured or noisy paper raises the threshold above
    /// <see cref="MinimumContrast"/>. Defaults to 5.
    /// </summary>
    public double GrainMultiple { get; init; } = 5;

    /// <summary>Gets the fraction of the strongest ink below which marks are ignored (show-through, smudges). Defaults to 0.3.</summary>
    public double FaintFraction { get; init; } = 0.3;

    /// <summary>Gets the smallest digit height as a fraction of the tallest mark found. Defaults to 0.35.</summary>
    public double MinimumRelativeHeight { get; init; } = 0.35;

    /// <summary>Gets the width-to-height ratio above which a mark may be touching digits, and the model judges whether and where to split it. Defaults to 1.05 (two touching digits are often no wider than tall; 1.25 read 12 fewer of 602 numbers on the synthetic pages, and lower than 1.05 read none more).</summary>
    public double SplitAspect { get; init; } = 1.05;

    /// <summary>
    /// Gets the width over height from which a mark among others that the refusal rule refuses whole is tried as
    /// touching digits too (see <see cref="SplitAspect"/> for marks wide enough to be tried always). Defaults to 0.7.
    /// </summary>
    public double RefusedSplitAspect { get; init; } = 0.7;

    /// <summary>
    /// Gets the stroke thickness digits are brought to, as a fraction of their larger side. Defaults to 0.15, a
    /// little heavier than MNIST's median (0.12), which reads writers unlike MNIST's better (see <see cref="DigitNormalizer.TargetStrokeRatio"/>).
    /// </summary>
    public double StrokeRatio { get; init; } = DigitNormalizer.TargetStrokeRatio;

    /// <summary>Gets the rule that refuses uncertain digits. Defaults to <see cref="RefusalRule.Default"/> (below 50% is refused).</summary>
    public RefusalRule Refusal { get; init; } = RefusalRule.Default;

    /// <summary>
    /// Gets the line reader that reads each line found again, whole (<see cref="WholeLines"/>), or null for none.
    /// Defaults to the shipped one (<see cref="PretrainedLineNetwork.Network"/>).
    /// </summary>
    public LineNetwork? LineReader { get; init; } = PretrainedLineNetwork.Network;
}
