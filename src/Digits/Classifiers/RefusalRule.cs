namespace Digits.Classifiers;

/// <summary>
/// The one rule that decides whether an answer is given or refused, for photos and drawings alike, with the
/// reason: <c>blank</c> when there is no ink; <c>not digit-shaped</c> when the input is unlike any digit
/// (<see cref="Novelty"/>: clothes, blots, textured paper); and <c>too uncertain: 4 (46%) or 9 (41%)</c> when the
/// confidence is below <see cref="MinimumConfidence"/>. Refused answers are never guessed.
/// </summary>
/// <param name="MinimumConfidence">The lowest confidence that is answered (0-1). Defaults to 0.5.</param>
/// <param name="RefuseNonDigits">Whether inputs unlike any digit are refused. Defaults to true.</param>
public sealed record RefusalRule(double MinimumConfidence = 0.5, bool RefuseNonDigits = true)
{
    /// <summary>Gets the rule the CLI, the web app and the photo pipeline use.</summary>
    public static RefusalRule Default { get; } = new();

    /// <summary>Returns why an answer is refused, given the ink it was read from, or <see langword="null"/> when it stands.</summary>
    /// <param name="prediction">A model's answer.</param>
    /// <param name="shape">The ink's shape as found (<see cref="InkShape.Measure"/>).</param>
    /// <param name="input">The 28x28 input the answer was read from.</param>
    /// <param name="novelty">The not-a-digit score for where the ink came from: <see cref="Novelty.ForDrawings"/> or <see cref="Novelty.ForPhotos"/>.</param>
    /// <returns><c>blank</c>, <c>not digit-shaped</c>, <c>too uncertain: ...</c>, or null.</returns>
    public string? Refuse(DigitPrediction prediction, InkShape shape, ReadOnlySpan<byte> input, Novelty novelty)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(novelty);
        if (shape.IsBlank)
        {
            return "blank";
        }

        return RefuseNonDigits && novelty.IsNovel(prediction, shape, input) ? "not digit-shaped" : Refuse(prediction);
    }

    /// <summary>Returns why <paramref name="prediction"/> is refused by its confidence alone, or <see langword="null"/> when it stands.</summary>
    /// <param name="prediction">A model's answer.</param>
    /// <returns>For example <c>too uncertain: 4 (46%) or 9 (41%)</c>.</returns>
    public string? Refuse(DigitPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.Confidence >= MinimumConfidence)
        {
            return null;
        }

        int runnerUp = Enumerable.Range(0, prediction.Probabilities.Length).Where(d => d != prediction.Digit).MaxBy(d => prediction.Probabilities[d]);
        return $"too uncertain: {prediction.Digit} ({Percent(prediction.Confidence)}) or {runnerUp} ({Percent(prediction.Probabilities[runnerUp])})";
    }

    /// <summary>Returns the digit when the answer stands, else <see langword="null"/>.</summary>
    /// <param name="prediction">A model's answer.</param>
    /// <returns>The digit or null.</returns>
    public int? Decide(DigitPrediction prediction) => Refuse(prediction) is null ? prediction.Digit : null;

    private static string Percent(double p) => $"{Math.Round(p * 100):0}%";
}
