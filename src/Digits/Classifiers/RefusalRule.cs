namespace Digits.Classifiers;

/// <summary>
/// The one rule that decides whether an answer is given or refused, for photos and drawings alike: an answer
/// whose confidence is below <see cref="MinimumConfidence"/> is refused, with the reason, rather than guessed.
/// </summary>
/// <param name="MinimumConfidence">The lowest confidence that is answered (0-1). Defaults to 0.5.</param>
public sealed record RefusalRule(double MinimumConfidence = 0.5)
{
    /// <summary>Gets the rule the CLI, the web app and the photo pipeline use.</summary>
    public static RefusalRule Default { get; } = new();

    /// <summary>Returns why <paramref name="prediction"/> is refused, or <see langword="null"/> when it stands.</summary>
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
