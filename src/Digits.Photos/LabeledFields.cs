using System.Text;
using System.Text.Json;

namespace Digits.Photos;

/// <summary>Which part of a labelled folder an image belongs to, fixed by its file name alone.</summary>
public enum FieldPart
{
    /// <summary>Trained on (three fifths).</summary>
    Training,

    /// <summary>Settings are chosen on it (one fifth).</summary>
    Tuning,

    /// <summary>Measured once, to report (one fifth).</summary>
    Report,
}

/// <summary>One labelled image of a line: a cheque's amount, a form field, a number.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Text">What is written, marks included when the folder says them (else its digits).</param>
/// <param name="Written">Whether <paramref name="Text"/> gives the marks as written, not the digits alone.</param>
public sealed record LabeledField(string Path, string Text, bool Written)
{
    /// <summary>Gets the part of its folder the image belongs to.</summary>
    public FieldPart Part => LabeledFields.PartOf(System.IO.Path.GetFileName(Path));
}

/// <summary>
/// A folder of images of single lines labelled by a <c>TRUTH.json</c> (file name to its digits) and optionally a
/// <c>WRITTEN.json</c> (file name to the text as written, separators and closing marks included), as in
/// <c>shared/real/cheques</c> and <c>shared/real/numbers</c>; each image's part (<see cref="FieldPart"/>) comes from
/// a hash of its file name, so that training, choosing settings and reporting never share an image.
/// </summary>
public static class LabeledFields
{
    /// <summary>Reads the labels of a folder.</summary>
    /// <exception cref="ArgumentException">The folder has no <c>TRUTH.json</c> of single strings, or one is unreadable; the message names it.</exception>
    public static IReadOnlyList<LabeledField> Read(string folder)
    {
        string truth = Path.Combine(folder, "TRUTH.json"), written = Path.Combine(folder, "WRITTEN.json");
        if (!File.Exists(truth))
        {
            throw new ArgumentException($"{folder} has no TRUTH.json (a JSON object of file names and their digits)");
        }

        Dictionary<string, string> digits = Strings(truth), marks = File.Exists(written) ? Strings(written) : [];
        return digits.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Where(p => File.Exists(Path.Combine(folder, p.Key)))
            .Select(p => marks.TryGetValue(p.Key, out string? text) ? new LabeledField(Path.Combine(folder, p.Key), text, true) : new LabeledField(Path.Combine(folder, p.Key), p.Value, false))
            .ToArray();
    }

    /// <summary>The part of a folder a file belongs to: FNV-1a of its name, modulo 5 (0 tuning, 1 report, else training).</summary>
    public static FieldPart PartOf(string fileName)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(fileName))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (hash % 5) switch { 0 => FieldPart.Tuning, 1 => FieldPart.Report, _ => FieldPart.Training };
    }

    private static Dictionary<string, string> Strings(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{path} is not a JSON object of file names and strings ({ex.Message})", ex);
        }
    }
}
