namespace Digits.Photos;

/// <summary>One digit found in a photo.</summary>
/// <param name="Digit">The digit, or null when the model was too unsure to say.</param>
/// <param name="Confidence">The model's probability for its best guess (0-1).</param>
/// <param name="Box">Where the digit is in the original photo: x, y, width, height.</param>
/// <param name="Input">The 28x28 image the model read (784 bytes, white ink on black).</param>
/// <param name="Prediction">The model's full answer: probabilities and neighbours.</param>
/// <param name="Refusal">Why the digit was refused (<see cref="RefusalRule"/>), or null when it was read.</param>
public sealed record FoundDigit(int? Digit, double Confidence, int[] Box, byte[] Input, DigitPrediction Prediction, string? Refusal = null);

/// <summary>A stage of the pipeline as a PNG, for debugging and for the web page.</summary>
/// <param name="Name">The stage: grey, paper, ink, binary, boxes.</param>
/// <param name="Png">The encoded image.</param>
public sealed record PhotoStage(string Name, byte[] Png);

/// <summary>What was read in a photo.</summary>
/// <param name="Text">The digits read, left to right ("" when none; '?' for a digit too uncertain to name).</param>
/// <param name="Digits">Each digit found, left to right.</param>
/// <param name="Message">Why nothing (or not everything) was read, or null.</param>
/// <param name="Stages">Pipeline stages, when asked for.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record PhotoResult(string Text, IReadOnlyList<FoundDigit> Digits, string? Message, IReadOnlyList<PhotoStage> Stages, ReadingTimings Timings);

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
