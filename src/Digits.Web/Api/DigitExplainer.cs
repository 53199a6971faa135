namespace Digits.Web.Api;

/// <summary>Turns a model's answer for one 28x28 input into the API's <see cref="DigitDto"/>.</summary>
internal static class DigitExplainer
{
    /// <summary>Below this vote share an answer is refused rather than guessed.</summary>
    public const double MinimumConfidence = 0.5;

    public static DigitDto Explain(DigitPrediction prediction, ReadOnlySpan<byte> input, int[] box)
    {
        var neighbors = prediction.Neighbors
            .Select(n => new NeighborDto(n.Index, n.Label, Math.Round(n.Distance, 4), $"/api/training/{n.Index}.png"))
            .ToArray();
        int[] pixels = new int[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            pixels[i] = input[i];
        }

        double confidence = Math.Round(prediction.Confidence, 4);
        return new DigitDto(
            confidence >= MinimumConfidence ? prediction.Digit : null,
            confidence,
            box,
            prediction.Probabilities.Select(p => Math.Round(p, 4)).ToArray(),
            pixels,
            neighbors);
    }
}
