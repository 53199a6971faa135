using System.Globalization;
using System.Text;

namespace Digits.Photos;

/// <summary>A reference to a PDF's indirect object (<c>12 0 R</c>).</summary>
internal sealed record PdfReference(int Number);

/// <summary>A PDF name (<c>/DCTDecode</c>), without its slash.</summary>
internal sealed record PdfName(string Value);

/// <summary>
/// Reads PDF objects (numbers, names, strings, arrays, dictionaries, references) from bytes, for the few
/// structures a scanned document's images need. Written for hostile files: nesting is bounded, every loop moves
/// forward, and what it cannot read is a <see cref="PhotoException"/>, never a crash.
/// </summary>
internal static class PdfSyntax
{
    /// <summary>The deepest nesting of arrays and dictionaries read.</summary>
    public const int MaximumDepth = 32;

    /// <summary>Reads one object at <paramref name="at"/>.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="at">Where to start; moved past the object.</param>
    /// <returns>long, double, bool, null, <see cref="PdfName"/>, byte[] (a string), List&lt;object?&gt;, Dictionary&lt;string, object?&gt; or <see cref="PdfReference"/>.</returns>
    /// <exception cref="PhotoException">The bytes are not an object.</exception>
    public static object? Read(ReadOnlySpan<byte> bytes, ref int at) => Read(bytes, ref at, 0);

    private static object? Read(ReadOnlySpan<byte> bytes, ref int at, int depth)
    {
        if (depth > MaximumDepth)
        {
            throw Corrupt("objects nested too deep");
        }

        SkipSpace(bytes, ref at);
        if (at >= bytes.Length)
        {
            throw Corrupt("an object cut short");
        }

        byte b = bytes[at];
        if (b == '<' && at + 1 < bytes.Length && bytes[at + 1] == '<')
        {
            at += 2;
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace(bytes, ref at);
                if (at + 1 < bytes.Length && bytes[at] == '>' && bytes[at + 1] == '>')
                {
                    at += 2;
                    return dictionary;
                }

                if (Read(bytes, ref at, depth + 1) is not PdfName key)
                {
                    throw Corrupt("a dictionary key that is not a name");
                }

                dictionary[key.Value] = Read(bytes, ref at, depth + 1);
            }
        }

        switch (b)
        {
            case (byte)'[':
                at++;
                var array = new List<object?>();
                while (true)
                {
                    SkipSpace(bytes, ref at);
                    if (at < bytes.Length && bytes[at] == ']')
                    {
                        at++;
                        return array;
                    }

                    array.Add(Read(bytes, ref at, depth + 1));
                }

            case (byte)'/':
                int start = ++at;
                while (at < bytes.Length && !IsSpace(bytes[at]) && !IsDelimiter(bytes[at]))
                {
                    at++;
                }

                return new PdfName(Encoding.Latin1.GetString(bytes[start..at]));
            case (byte)'(':
                return LiteralString(bytes, ref at);
            case (byte)'<':
                return HexString(bytes, ref at);
            default:
                return NumberOrKeyword(bytes, ref at);
        }
    }

    /// <summary>Skips white space and comments.</summary>
    public static void SkipSpace(ReadOnlySpan<byte> bytes, ref int at)
    {
        while (at < bytes.Length)
        {
            if (IsSpace(bytes[at]))
            {
                at++;
            }
            else if (bytes[at] == '%')
            {
                while (at < bytes.Length && bytes[at] is not ((byte)'\n' or (byte)'\r'))
                {
                    at++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Reads a plain integer (no sign) at <paramref name="at"/>, or returns -1 without moving.</summary>
    public static long Integer(ReadOnlySpan<byte> bytes, ref int at)
    {
        int start = at;
        long value = 0;
        while (at < bytes.Length && char.IsAsciiDigit((char)bytes[at]) && at - start < 12)
        {
            value = (value * 10) + (bytes[at++] - '0');
        }

        if (at == start)
        {
            return -1;
        }

        return value;
    }

    /// <summary>Whether the keyword at <paramref name="at"/> is <paramref name="keyword"/> (followed by a delimiter or space).</summary>
    public static bool IsKeyword(ReadOnlySpan<byte> bytes, int at, ReadOnlySpan<byte> keyword)
        => at >= 0 && at + keyword.Length <= bytes.Length && bytes.Slice(at, keyword.Length).SequenceEqual(keyword)
           && (at + keyword.Length == bytes.Length || IsSpace(bytes[at + keyword.Length]) || IsDelimiter(bytes[at + keyword.Length]));

    public static bool IsSpace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    // A number, a reference (two integers and R), true, false or null; any other keyword is an error.
    private static object? NumberOrKeyword(ReadOnlySpan<byte> bytes, ref int at)
    {
        int start = at;
        while (at < bytes.Length && !IsSpace(bytes[at]) && !IsDelimiter(bytes[at]))
        {
            at++;
        }

        if (at == start)
        {
            at++; // a stray delimiter (')', '>', '}'): step over it, and say what it is
            throw Corrupt($"an unexpected '{(char)bytes[start]}'");
        }

        string word = Encoding.Latin1.GetString(bytes[start..at]);
        switch (word)
        {
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
        }

        if (long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            // "12 0 R": a reference.
            int after = at;
            SkipSpace(bytes, ref after);
            long generation = Integer(bytes, ref after);
            if (generation >= 0 && integer is > 0 and <= int.MaxValue)
            {
                SkipSpace(bytes, ref after);
                if (after < bytes.Length && bytes[after] == 'R' && IsKeyword(bytes, after, "R"u8))
                {
                    at = after + 1;
                    return new PdfReference((int)integer);
                }
            }

            return integer;
        }

        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
        {
            return real;
        }

        throw Corrupt($"an unknown keyword '{(word.Length > 20 ? word[..20] : word)}'");
    }

    private static byte[] LiteralString(ReadOnlySpan<byte> bytes, ref int at)
    {
        var text = new List<byte>();
        int open = 0;
        at++;
        while (at < bytes.Length)
        {
            byte b = bytes[at++];
            if (b == '\\' && at < bytes.Length)
            {
                text.Add(bytes[at++]); // escapes are kept loosely: no string matters to an image but its bytes' count
            }
            else if (b == '(')
            {
                open++;
                text.Add(b);
            }
            else if (b == ')')
            {
                if (open-- == 0)
                {
                    return [.. text];
                }

                text.Add(b);
            }
            else
            {
                text.Add(b);
            }
        }

        throw Corrupt("a string without its end");
    }

    private static byte[] HexString(ReadOnlySpan<byte> bytes, ref int at)
    {
        var text = new List<byte>();
        at++;
        int high = -1;
        while (at < bytes.Length)
        {
            byte b = bytes[at++];
            if (b == '>')
            {
                if (high >= 0)
                {
                    text.Add((byte)(high << 4));
                }

                return [.. text];
            }

            int nibble = char.IsAsciiHexDigit((char)b) ? Convert.ToInt32(((char)b).ToString(), 16) : -1;
            if (nibble < 0)
            {
                continue;
            }

            if (high < 0)
            {
                high = nibble;
            }
            else
            {
                text.Add((byte)((high << 4) | nibble));
                high = -1;
            }
        }

        throw Corrupt("a hex string without its end");
    }

    private static PhotoException Corrupt(string what) => new($"could not be read: a corrupt PDF ({what})");
}
