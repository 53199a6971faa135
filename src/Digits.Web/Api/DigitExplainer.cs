namespace Digits.Web.Api;

/// <summary>
/// Turns a decided answer for one 28x28 input into the API's <see cref="DigitDto"/>. The decision (digit or
/// refusal) is made once, by <see cref="RefusalRule"/>, before this: nothing here re-decides it, so the
/// response's <c>text</c> always agrees with its <c>digits</c>.
/// </summary>
internal static class DigitExplainer
{
    public static DigitDto Explain(int? digit, string? refusal, DigitPrediction prediction, ReadOnlySpan<byte> input, int[] box)
    {
        var neighbors = prediction.Neighbors
            .Select(n => new NeighborDto(n.Index, n.Label, Math.Round(n.Distance, 4), $"/api/training/{n.Index}.png"))
            .ToArray();
        int[] pixels = new int[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            pixels[i] = input[i];
        }

        return new DigitDto(
            digit,
            Math.Round(prediction.Confidence, 4),
            box,
            prediction.Probabilities.Select(p => Math.Round(p, 4)).ToArray(),
            pixels,
            neighbors,
            refusal);
    }
}
