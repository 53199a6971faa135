using Digits.Classifiers;
using Digits.Photos;

namespace Digits.Web.Api;

/// <summary>
/// Turns a decided answer for one 28x28 input into the API's <see cref="DigitDto"/>. The decision (digit or
/// refusal) is made once, by <see cref="RefusalRule"/>, before this: nothing here re-decides it, so the
/// response's <c>text</c> always agrees with its <c>digits</c>.
/// </summary>
internal static class DigitExplainer
{
    /// <summary>The API's answer for one reading: its text, its digits explained, its lines and numbers, stages and timings.</summary>
    /// <param name="result">The reading.</param>
    /// <param name="timings">Milliseconds by step.</param>
    /// <param name="exampleIds">The ids of the profile's examples, by the neighbours' index among them (none without a profile).</param>
    public static RecognitionResponse Respond(PhotoResult result, IReadOnlyDictionary<string, double> timings, long[]? exampleIds = null)
        => Respond([result], timings, exampleIds);

    // The pages of a document one after another: their digits in one list, each line saying its page (none for an image).
    public static RecognitionResponse Respond(IReadOnlyList<PhotoResult> pages, IReadOnlyDictionary<string, double> timings, long[]? exampleIds = null)
    {
        var digits = new List<DigitDto>();
        var lines = new List<LineDto>();
        foreach (PhotoResult result in pages)
        {
            int offset = digits.Count;
            int? page = result.PageCount > 1 ? result.Page : null;
            digits.AddRange(result.Digits.Select(d => Explain(d.Digit, d.Refusal, d.Prediction, d.Input, d.Box, exampleIds ?? [])));
            lines.AddRange(result.Lines.Select(line => new LineDto(
                line.Text,
                line.Box,
                line.Numbers.Select(number => new NumberDto(
                    number.Text,
                    number.Box,
                    number.Digits.Select(d => new DigitPlaceDto(offset + result.IndexOf(d), d.Digit, Math.Round(d.Confidence, 4), d.Box)).ToArray(),
                    number.Characters.Select(c => new CharacterDto(c.Character.ToString(), c.Box, Math.Round(c.Confidence, 4))).ToArray())).ToArray())
            { Page = page }));
        }

        var stages = pages.SelectMany(p => p.Stages).Select(s => new StageDto(s.Name, "data:image/png;base64," + Convert.ToBase64String(s.Png))).ToArray();
        string text = string.Join("\n", pages.Select(p => p.Text).Where(t => t.Length > 0));
        string? message = pages.Count == 1 ? pages[0].Message
            : string.Join("; ", pages.Where(p => p.Message is not null).Select(p => $"page {p.Page}: {p.Message}")) is { Length: > 0 } said ? said : null;
        return new RecognitionResponse(text, [.. digits], [.. lines], message, stages, timings)
        {
            Pages = pages.Count > 1 ? pages.Count : null,
            ExifOrientation = pages[0].ExifOrientation == 1 ? null : pages[0].ExifOrientation,
            LeftOut = pages.SelectMany(p => p.LeftOut.Select(m => new LeftOutDto(m.Box, m.Reason) { Page = p.PageCount > 1 ? p.Page : null })).ToArray() is { Length: > 0 } leftOut ? leftOut : null,
        };
    }

    public static DigitDto Explain(int? digit, string? refusal, DigitPrediction prediction, ReadOnlySpan<byte> input, int[] box, long[] exampleIds)
    {
        var neighbors = prediction.Neighbors
            .Select(n => n.Personal && n.Index < exampleIds.Length
                ? new NeighborDto(exampleIds[n.Index], n.Label, Math.Round(n.Distance, 4), $"/api/examples/{exampleIds[n.Index]}.png", Yours: true)
                : new NeighborDto(n.Index, n.Label, Math.Round(n.Distance, 4), $"/api/training/{n.Index}.png"))
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
