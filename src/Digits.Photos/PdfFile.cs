using System.IO.Compression;

namespace Digits.Photos;

/// <summary>A PDF stream: its dictionary, and where its data lies in the file.</summary>
internal sealed record PdfStream(Dictionary<string, object?> Dictionary, int Offset, int Length);

/// <summary>
/// The objects of a PDF, found by scanning the file for <c>N G obj</c> (not through its cross-reference table,
/// which damaged and hand-made files get wrong), the later of two definitions winning as in an incremental
/// update, plus those packed in object streams. Stream data is skipped while scanning, so image bytes are never
/// taken for objects. Every walk is bounded: a hostile file is refused with a message, never a crash or a hang.
/// </summary>
internal sealed class PdfFile
{
    /// <summary>The most bytes a stream is inflated to, beyond what its image needs.</summary>
    public const int InflateSlack = 1 << 20;

    private const int MaximumObjects = 1_000_000;
    private readonly byte[] _bytes;
    private readonly Dictionary<int, object?> _objects = [];
    private readonly List<Dictionary<string, object?>> _trailers = [];

    /// <summary>Scans the file.</summary>
    /// <exception cref="PhotoException">No object in it.</exception>
    public PdfFile(byte[] bytes)
    {
        _bytes = bytes;
        Scan();
        if (_objects.Count == 0)
        {
            throw new PhotoException("could not be read: a corrupt PDF (no objects in it)");
        }

        UnpackObjectStreams();
    }

    /// <summary>Gets the dictionaries of the file's trailers and cross-reference streams, in file order.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Trailers => _trailers;

    /// <summary>Gets every object, by number.</summary>
    public IReadOnlyDictionary<int, object?> Objects => _objects;

    /// <summary>Follows references (a few at most) to what they name; null for a missing object.</summary>
    public object? Resolve(object? value)
    {
        for (int hop = 0; hop < 8 && value is PdfReference reference; hop++)
        {
            value = _objects.GetValueOrDefault(reference.Number);
        }

        return value is PdfReference ? null : value;
    }

    /// <summary>A dictionary's entry, references followed.</summary>
    public object? Get(Dictionary<string, object?>? dictionary, string key)
        => dictionary is not null && dictionary.TryGetValue(key, out object? value) ? Resolve(value) : null;

    /// <summary>A dictionary, or a stream's dictionary, references followed; null when it is neither.</summary>
    public Dictionary<string, object?>? DictionaryOf(object? value) => Resolve(value) switch
    {
        Dictionary<string, object?> dictionary => dictionary,
        PdfStream stream => stream.Dictionary,
        _ => null,
    };

    /// <summary>The stream's filters, in the order they are undone.</summary>
    public List<string> Filters(PdfStream stream) => Get(stream.Dictionary, "Filter") switch
    {
        PdfName name => [name.Value],
        List<object?> names => names.Select(Resolve).OfType<PdfName>().Select(n => n.Value).ToList(),
        _ => [],
    };

    /// <summary>The stream's data with its general-purpose filters (Flate, ASCII hex) undone, up to the first image codec (DCT, JPX, CCITT, JBIG2).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="maxBytes">The most bytes the data may inflate to.</param>
    /// <returns>The data, and the image codec it is still in (null when it is plain samples).</returns>
    /// <exception cref="PhotoException">A filter this reader does not undo, or data that inflates past the limit or is corrupt.</exception>
    public (byte[] Data, string? Codec) Data(PdfStream stream, long maxBytes)
    {
        byte[] data = _bytes.AsSpan(stream.Offset, stream.Length).ToArray();
        foreach (string filter in Filters(stream))
        {
            switch (filter)
            {
                case "FlateDecode" or "Fl":
                    data = Inflate(data, maxBytes);
                    break;
                case "ASCIIHexDecode" or "AHx":
                    int at = 0;
                    byte[] wrapped = [(byte)'<', .. data, (byte)'>'];
                    data = (byte[])PdfSyntax.Read(wrapped, ref at)!;
                    break;
                case "DCTDecode" or "DCT" or "JPXDecode" or "CCITTFaxDecode" or "CCF" or "JBIG2Decode":
                    return (data, filter switch { "DCT" => "DCTDecode", "CCF" => "CCITTFaxDecode", _ => filter });
                default:
                    throw new PhotoException($"could not be read: a PDF image stored with the {filter} filter, which this program does not read");
            }
        }

        return (data, null);
    }

    private static byte[] Inflate(byte[] data, long maxBytes)
    {
        try
        {
            using var input = new MemoryStream(data);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    throw new PhotoException($"could not be read: a PDF stream that inflates past {maxBytes:N0} bytes, more than its image needs");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // zlib's own errors (ZLibException) are IOExceptions.
            throw new PhotoException($"could not be read: a corrupt PDF (a Flate stream: {ex.Message})");
        }
    }

    // Every "N G obj" in the file, its object read, and the data of a stream stepped over.
    private void Scan()
    {
        ReadOnlySpan<byte> bytes = _bytes;
        int from = 0, trailer = -2; // where the next "trailer" is (-1: none left; -2: not looked for yet)
        while (from < bytes.Length && _objects.Count < MaximumObjects)
        {
            int found = bytes[from..].IndexOf("obj"u8);
            if (trailer == -2 || (trailer >= 0 && trailer < from))
            {
                int next = bytes[from..].IndexOf("trailer"u8);
                trailer = next < 0 ? -1 : from + next;
            }

            if (trailer >= 0 && (found < 0 || trailer < from + found))
            {
                int at = trailer + "trailer".Length;
                from = at;
                TryRead(ref at, out object? value);
                if (value is Dictionary<string, object?> dictionary)
                {
                    _trailers.Add(dictionary);
                    from = Math.Max(from, at);
                }

                continue;
            }

            if (found < 0)
            {
                return;
            }

            int keyword = from + found;
            from = keyword + 3;
            if (!PdfSyntax.IsKeyword(bytes, keyword, "obj"u8) || Header(bytes, keyword) is not { } number)
            {
                continue;
            }

            int start = keyword + 3;
            if (!TryRead(ref start, out object? content))
            {
                continue;
            }

            from = start;
            int streamAt = start;
            PdfSyntax.SkipSpace(bytes, ref streamAt);
            if (content is Dictionary<string, object?> streamDictionary && PdfSyntax.IsKeyword(bytes, streamAt, "stream"u8))
            {
                int data = streamAt + "stream".Length;
                data += bytes[data..].StartsWith("\r\n"u8) ? 2 : bytes[data..].Length > 0 && bytes[data] is (byte)'\n' or (byte)'\r' ? 1 : 0;
                int length = StreamLength(bytes, streamDictionary, data);
                content = new PdfStream(streamDictionary, data, length);
                from = data + length;
                if (streamDictionary.GetValueOrDefault("Type") is PdfName { Value: "XRef" })
                {
                    _trailers.Add(streamDictionary);
                }
            }

            _objects[number] = content;
        }
    }

    private bool TryRead(ref int at, out object? value)
    {
        try
        {
            value = PdfSyntax.Read(_bytes, ref at);
            return true;
        }
        catch (PhotoException)
        {
            value = null;
            return false;
        }
    }

    // The object number of "N G obj" ending at the keyword, or null when the keyword is not such a header.
    private static int? Header(ReadOnlySpan<byte> bytes, int keyword)
    {
        int at = keyword - 1;
        int Digits(ReadOnlySpan<byte> span, ref int i)
        {
            int end = i;
            while (i >= 0 && char.IsAsciiDigit((char)span[i]) && end - i < 10)
            {
                i--;
            }

            return end - i;
        }

        while (at >= 0 && PdfSyntax.IsSpace(bytes[at]))
        {
            at--;
        }

        if (Digits(bytes, ref at) == 0)
        {
            return null;
        }

        int spaces = at;
        while (at >= 0 && PdfSyntax.IsSpace(bytes[at]))
        {
            at--;
        }

        if (at == spaces)
        {
            return null;
        }

        int end = at;
        if (Digits(bytes, ref at) == 0)
        {
            return null;
        }

        int begin = at + 1;
        return long.TryParse(bytes[begin..(end + 1)], out long number) && number is > 0 and < int.MaxValue ? (int)number : null;
    }

    // The stream's /Length when it is a number that ends at "endstream"; else up to the next "endstream".
    private static int StreamLength(ReadOnlySpan<byte> bytes, Dictionary<string, object?> dictionary, int data)
    {
        if (dictionary.GetValueOrDefault("Length") is long length && length >= 0 && data + length <= bytes.Length)
        {
            int after = data + (int)length;
            PdfSyntax.SkipSpace(bytes, ref after);
            if (PdfSyntax.IsKeyword(bytes, after, "endstream"u8))
            {
                return (int)length;
            }
        }

        int end = bytes[data..].IndexOf("endstream"u8);
        if (end < 0)
        {
            return bytes.Length - data;
        }

        // The end-of-line before "endstream" is not data.
        if (end > 0 && bytes[data + end - 1] == '\n')
        {
            end--;
        }

        if (end > 0 && bytes[data + end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    // Objects packed in object streams (PDF 1.5): each stream's header lists "number offset" pairs.
    private void UnpackObjectStreams()
    {
        foreach (PdfStream packed in _objects.Values.OfType<PdfStream>().Where(s => s.Dictionary.GetValueOrDefault("Type") is PdfName { Value: "ObjStm" }).ToList())
        {
            try
            {
                var (data, codec) = Data(packed, 64L << 20);
                if (codec is not null || Get(packed.Dictionary, "N") is not long count || Get(packed.Dictionary, "First") is not long first || first < 0 || first > data.Length)
                {
                    continue;
                }

                int at = 0;
                for (long i = 0; i < Math.Min(count, 100_000); i++)
                {
                    if (PdfSyntax.Read(data, ref at) is not long number || PdfSyntax.Read(data, ref at) is not long offset || number is <= 0 or >= int.MaxValue)
                    {
                        break;
                    }

                    if (first + offset >= data.Length || _objects.ContainsKey((int)number))
                    {
                        continue; // a definition in the file itself is the newer
                    }

                    int start = (int)(first + offset);
                    if (TryReadIn(data, ref start, out object? value))
                    {
                        _objects[(int)number] = value;
                    }
                }
            }
            catch (PhotoException)
            {
                // A damaged object stream: its objects are missing, which the page walk reports if they matter.
            }
        }
    }

    private static bool TryReadIn(byte[] data, ref int at, out object? value)
    {
        try
        {
            value = PdfSyntax.Read(data, ref at);
            return true;
        }
        catch (PhotoException)
        {
            value = null;
            return false;
        }
    }
}
