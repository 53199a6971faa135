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
/// <param name="Timings">Milliseconds spent in <c>decode</c>, <c>preprocess</c>, <c>classify</c> and <c>total</c>.</param>
public sealed record PhotoResult(string Text, IReadOnlyList<FoundDigit> Digits, string? Message, IReadOnlyList<PhotoStage> Stages, IReadOnlyDictionary<string, double> Timings);
