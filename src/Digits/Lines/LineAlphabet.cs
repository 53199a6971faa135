namespace Digits.Lines;

/// <summary>
/// What a line reader writes: the ten digits and the marks written among them in numbers as people write them
/// (a decimal point or thousands separator, a comma, a minus or dash, the <c>=</c> that closes a cheque amount,
/// the slash of a date and the colon of a time), and <see cref="NotDigit"/> for a mark that is none of them (a
/// letter, a symbol, a scribble): a word beside a number is read as such marks and left out of the number. Class 0
/// is CTC's blank, "no character here".
/// </summary>
public static class LineAlphabet
{
    /// <summary>The characters, in class order from class 1.</summary>
    public const string Characters = "0123456789.,-=/:~";

    /// <summary>The character the reader writes for a mark that is not a digit or a mark of a number (a letter, a symbol).</summary>
    public const char NotDigit = '~';

    /// <summary>The blank class.</summary>
    public const int Blank = 0;

    /// <summary>Gets the number of classes, the blank included.</summary>
    public static int Classes => Characters.Length + 1;

    /// <summary>The class of a character.</summary>
    /// <exception cref="ArgumentException">The character is not one the reader writes.</exception>
    public static int ClassOf(char c)
    {
        int i = Characters.IndexOf(c, StringComparison.Ordinal);
        return i >= 0 ? i + 1 : throw new ArgumentException($"'{c}' is not a character of a number (use {Characters})", nameof(c));
    }

    /// <summary>The character of a class other than the blank.</summary>
    public static char CharacterOf(int c) => Characters[c - 1];

    /// <summary>Whether a text holds only characters the reader writes.</summary>
    public static bool Writes(string text) => text.All(c => Characters.Contains(c, StringComparison.Ordinal));

    /// <summary>The classes of a text's characters.</summary>
    public static int[] Encode(string text) => text.Select(ClassOf).ToArray();
}
