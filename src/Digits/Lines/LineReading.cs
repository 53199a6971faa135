namespace Digits.Lines;

/// <summary>What a line reader read in one line image.</summary>
/// <param name="Text">The characters read, digits and the marks among them (<see cref="LineAlphabet"/>).</param>
/// <param name="Characters">Each character with where it lies and how sure the reader is of it.</param>
/// <param name="Confidence">The probability of the best path: every column's most likely class together (0-1).</param>
public sealed record LineReading(string Text, IReadOnlyList<LineCharacter> Characters, double Confidence)
{
    /// <summary>Gets the digits alone.</summary>
    public string Digits => new(Text.Where(char.IsAsciiDigit).ToArray());
}

/// <summary>One character of a <see cref="LineReading"/>.</summary>
/// <param name="Character">The character.</param>
/// <param name="Left">Where its columns start, in the line image's pixels.</param>
/// <param name="Right">Where they end, in the line image's pixels.</param>
/// <param name="Confidence">The reader's probability for it (0-1).</param>
/// <param name="Digits">The probabilities of the ten digits where it was surest, scaled to sum to 1 (for a mark: how much it looked like each digit).</param>
public sealed record LineCharacter(char Character, double Left, double Right, double Confidence, double[] Digits);
