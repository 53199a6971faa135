using System.Buffers.Binary;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The scanned images of a PDF, page by page: a scanner (or a phone's scanning app) stores each page as one
/// image, JPEG, Flate-compressed samples, CCITT fax or JPEG 2000, read out here without rendering the page.
/// A page with several images gives its largest (the scan; the others are logos or masks). The page tree is
/// walked with its inherited resources; every walk is bounded, so a hostile file is refused, never a crash.
/// </summary>
internal sealed class PdfScans
{
    private const int MaximumPages = 100_000;
    private readonly PdfFile _file;
    private readonly List<Dictionary<string, object?>> _pages = [];
    private readonly List<Dictionary<string, object?>?> _resources = [];

    /// <summary>Reads the document's structure and its page tree.</summary>
    /// <exception cref="PhotoException">The file is not a PDF that can be read, or is encrypted.</exception>
    public PdfScans(byte[] bytes)
    {
        _file = new PdfFile(bytes);
        if (_file.Trailers.Any(t => t.ContainsKey("Encrypt")))
        {
            throw new PhotoException("could not be read: an encrypted PDF (save it without a password)");
        }

        WalkPages(Catalog());
    }

    /// <summary>Gets the number of pages.</summary>
    public int PageCount => _pages.Count;

    /// <summary>One page's scan: the image file stored in the PDF (JPEG, JPEG 2000, or CCITT fax data wrapped as TIFF), or its pixels.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="checkSize">Checks the image's width and height before it is decoded (throws when too large).</param>
    /// <returns>The image file's bytes, or the pixels as an 8-bit BGR image (the caller disposes it).</returns>
    /// <exception cref="PhotoException">The page holds no image, one too large, or one this program does not read (JBIG2).</exception>
    public (byte[]? File, Mat? Pixels) Page(int page, Action<int, int> checkSize)
    {
        var scans = new List<PdfStream>();
        Images(_resources[page - 1], scans, 0, []);
        PdfStream? scan = scans.MaxBy(s => Number(s.Dictionary, "Width") * Number(s.Dictionary, "Height"));
        if (scan is null)
        {
            throw new PhotoException($"page {page} holds no scanned image (a PDF of typed text or drawings is not read; print it to an image)");
        }

        long width = Number(scan.Dictionary, "Width"), height = Number(scan.Dictionary, "Height");
        if (width <= 0 || height <= 0 || width > PhotoDecoder.MaxSide || height > PhotoDecoder.MaxSide)
        {
            throw new PhotoException($"page {page}'s image has an invalid size {width}x{height}");
        }

        checkSize((int)width, (int)height);
        int bits = (int)Math.Clamp(Number(scan.Dictionary, "BitsPerComponent", 8), 1, 16);
        bool mask = _file.Get(scan.Dictionary, "ImageMask") is true;
        var (colours, palette) = mask ? (1, null) : ColourSpace(_file.Get(scan.Dictionary, "ColorSpace"));
        long rowBytes = ((width * colours * bits) + 7) / 8;
        var (data, codec) = _file.Data(scan, ((rowBytes + 1) * height) + PdfFile.InflateSlack);
        return codec switch
        {
            "DCTDecode" or "JPXDecode" => (data, null),
            "CCITTFaxDecode" => (CcittAsTiff(data, scan, (int)width, (int)height), null),
            "JBIG2Decode" => throw new PhotoException($"page {page}'s image is stored as JBIG2, which this program does not read (scan it again as JPEG, PNG or TIFF)"),
            _ => (null, Samples(data, scan, (int)width, (int)height, colours, bits, palette)),
        };
    }

    private long Number(Dictionary<string, object?> dictionary, string key, long otherwise = 0) => _file.Get(dictionary, key) switch
    {
        long value => value,
        double value when value is > -1e12 and < 1e12 => (long)value,
        _ => otherwise,
    };

    // The catalog: the /Root of the last trailer that names one, else any object of /Type /Catalog.
    private Dictionary<string, object?> Catalog()
    {
        for (int i = _file.Trailers.Count - 1; i >= 0; i--)
        {
            if (_file.DictionaryOf(_file.Trailers[i].GetValueOrDefault("Root")) is { } root && root.ContainsKey("Pages"))
            {
                return root;
            }
        }

        return _file.Objects.OrderByDescending(o => o.Key).Select(o => _file.DictionaryOf(o.Value))
                   .FirstOrDefault(d => d?.GetValueOrDefault("Type") is PdfName { Value: "Catalog" } && d.ContainsKey("Pages"))
               ?? throw new PhotoException("could not be read: a corrupt PDF (no catalog of its pages)");
    }

    // The page tree depth first, in order, each page with the resources it has or inherits; a node seen twice is skipped.
    private void WalkPages(Dictionary<string, object?> catalog)
    {
        var seen = new HashSet<Dictionary<string, object?>>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Dictionary<string, object?> Node, Dictionary<string, object?>? Resources)>();
        if (_file.DictionaryOf(catalog.GetValueOrDefault("Pages")) is { } root)
        {
            stack.Push((root, null));
        }

        while (stack.Count > 0 && _pages.Count < MaximumPages && seen.Count < 4 * MaximumPages)
        {
            var (node, inherited) = stack.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            Dictionary<string, object?>? resources = _file.DictionaryOf(node.GetValueOrDefault("Resources")) ?? inherited;
            if (_file.Get(node, "Kids") is List<object?> kids)
            {
                for (int k = kids.Count - 1; k >= 0; k--)
                {
                    if (_file.DictionaryOf(kids[k]) is { } kid)
                    {
                        stack.Push((kid, resources));
                    }
                }
            }
            else if (node.GetValueOrDefault("Type") is PdfName { Value: "Page" } || node.ContainsKey("Contents") || node.ContainsKey("MediaBox"))
            {
                _pages.Add(node);
                _resources.Add(resources);
            }
        }
    }

    // The images a page's resources name, and those inside its forms (a few levels deep).
    private void Images(Dictionary<string, object?>? resources, List<PdfStream> found, int depth, HashSet<PdfStream> seen)
    {
        if (depth > 3 || _file.DictionaryOf(_file.Get(resources, "XObject")) is not { } objects)
        {
            return;
        }

        foreach (object? value in objects.Values)
        {
            if (_file.Resolve(value) is not PdfStream stream || !seen.Add(stream) || seen.Count > 1000)
            {
                continue;
            }

            switch (_file.Get(stream.Dictionary, "Subtype"))
            {
                case PdfName { Value: "Image" }:
                    found.Add(stream);
                    break;
                case PdfName { Value: "Form" }:
                    Images(_file.DictionaryOf(stream.Dictionary.GetValueOrDefault("Resources")), found, depth + 1, seen);
                    break;
            }
        }
    }

    // Components per sample, and an indexed space's palette (BGR triples).
    private (int Colours, byte[]? Palette) ColourSpace(object? space)
    {
        switch (space)
        {
            case PdfName { Value: "DeviceGray" or "CalGray" or "G" }:
                return (1, null);
            case PdfName { Value: "DeviceCMYK" or "CMYK" }:
                return (4, null);
            case PdfName:
                return (3, null); // DeviceRGB, CalRGB, Lab: three components
            case List<object?> { Count: >= 1 } array when _file.Resolve(array[0]) is PdfName name:
                switch (name.Value)
                {
                    case "ICCBased" when array.Count >= 2 && _file.DictionaryOf(array[1]) is { } profile:
                        return ((int)Math.Clamp(Number(profile, "N", 3), 1, 4), null);
                    case "Indexed" or "I" when array.Count >= 4:
                        int baseColours = ColourSpace(_file.Resolve(array[1])).Colours;
                        byte[] lookup = _file.Resolve(array[3]) switch
                        {
                            byte[] text => text,
                            PdfStream stream => _file.Data(stream, 256 * 4).Data,
                            _ => [],
                        };
                        return (1, Palette(lookup, baseColours));
                    case "CalRGB" or "Lab":
                        return (3, null);
                    case "CalGray":
                        return (1, null);
                    default:
                        return (3, null);
                }

            default:
                return (3, null);
        }
    }

    private static byte[] Palette(byte[] lookup, int colours)
    {
        byte[] bgr = new byte[256 * 3];
        for (int i = 0; i < 256 && (i + 1) * colours <= lookup.Length; i++)
        {
            ReadOnlySpan<byte> c = lookup.AsSpan(i * colours, colours);
            (byte r, byte g, byte b) = colours switch
            {
                1 => (c[0], c[0], c[0]),
                4 => ((byte)((255 - c[0]) * (255 - c[3]) / 255), (byte)((255 - c[1]) * (255 - c[3]) / 255), (byte)((255 - c[2]) * (255 - c[3]) / 255)),
                _ => (c[0], c[1], c[2]),
            };
            (bgr[i * 3], bgr[(i * 3) + 1], bgr[(i * 3) + 2]) = (b, g, r);
        }

        return bgr;
    }

    // Plain samples (after Flate): PNG predictors undone, then each pixel to 8-bit BGR.
    private Mat Samples(byte[] data, PdfStream scan, int width, int height, int colours, int bits, byte[]? palette)
    {
        long rowBytes = (((long)width * colours * bits) + 7) / 8;
        var parameters = _file.DictionaryOf(_file.Get(scan.Dictionary, "DecodeParms") is List<object?> list ? list.LastOrDefault() : scan.Dictionary.GetValueOrDefault("DecodeParms"));
        if (Number(parameters ?? [], "Predictor", 1) >= 10)
        {
            data = PngPredictors.Undo(data, (int)rowBytes, height, Math.Max(1, (colours * bits) / 8));
        }

        if (data.Length < rowBytes * height)
        {
            throw new PhotoException($"could not be decoded: a PDF image of {width}x{height} with {data.Length:N0} bytes of samples, fewer than it needs");
        }

        bool inverted = _file.Get(scan.Dictionary, "Decode") is List<object?> { Count: >= 2 } decode && _file.Resolve(decode[0]) is long or double && Convert.ToDouble(_file.Resolve(decode[0]), System.Globalization.CultureInfo.InvariantCulture) > 0.5;
        // A stencil mask (ImageMask) paints where its sample is 0: black on the paper, as grey reads it.
        var image = new Mat(height, width, MatType.CV_8UC3);
        byte[] row = new byte[width * 3];
        int maximum = (1 << bits) - 1;
        Span<int> c = stackalloc int[4];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = data.AsSpan((int)(y * rowBytes), (int)rowBytes);
            for (int x = 0; x < width; x++)
            {
                Span<byte> pixel = row.AsSpan(x * 3, 3);
                if (palette is not null)
                {
                    int index = Sample(source, x, bits);
                    palette.AsSpan(Math.Min(index, 255) * 3, 3).CopyTo(pixel);
                    continue;
                }

                for (int k = 0; k < colours; k++)
                {
                    int value = Sample(source, (x * colours) + k, bits) * 255 / maximum;
                    c[k] = inverted ? 255 - value : value;
                }

                (pixel[2], pixel[1], pixel[0]) = colours switch
                {
                    1 => ((byte)c[0], (byte)c[0], (byte)c[0]),
                    4 => ((byte)((255 - c[0]) * (255 - c[3]) / 255), (byte)((255 - c[1]) * (255 - c[3]) / 255), (byte)((255 - c[2]) * (255 - c[3]) / 255)),
                    _ => ((byte)c[0], (byte)c[1], (byte)c[2]),
                };
            }

            System.Runtime.InteropServices.Marshal.Copy(row, 0, image.Ptr(y), row.Length);
        }

        return image;
    }

    // The i-th sample of a row of the given bits per sample (1, 2, 4, 8; 16 keeps its high byte).
    private static int Sample(ReadOnlySpan<byte> row, int i, int bits) => bits switch
    {
        8 => row[i],
        16 => row[i * 2],
        1 or 2 or 4 => (row[(i * bits) / 8] >> (8 - bits - ((i * bits) % 8))) & ((1 << bits) - 1),
        _ => row[Math.Min(row.Length - 1, (i * bits) / 8)],
    };

    // CCITT fax data (Group 3 or 4) as the one strip of a one-page TIFF, which OpenCV's libtiff decodes.
    private byte[] CcittAsTiff(byte[] data, PdfStream scan, int width, int height)
    {
        var parameters = _file.DictionaryOf(_file.Get(scan.Dictionary, "DecodeParms") is List<object?> list ? list.LastOrDefault() : scan.Dictionary.GetValueOrDefault("DecodeParms")) ?? [];
        long k = Number(parameters, "K");
        bool blackIs1 = _file.Get(parameters, "BlackIs1") is true;
        int rows = (int)Math.Clamp(Number(parameters, "Rows", height), 1, height);
        var entries = new List<(ushort Tag, uint Value)>
        {
            (256, (uint)width), (257, (uint)rows), (258, 1), (259, k < 0 ? 4u : 3u), (262, blackIs1 ? 1u : 0u),
            (273, 0), (277, 1), (278, (uint)rows), (279, (uint)data.Length),
        };
        if (k >= 0)
        {
            entries.Add((292, k > 0 ? 1u : 0u)); // T4Options: two-dimensional coding when K > 0
        }

        int ifdLength = 2 + (12 * entries.Count) + 4;
        byte[] tiff = new byte[8 + ifdLength + data.Length];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries.Count);
        for (int e = 0; e < entries.Count; e++)
        {
            var (tag, value) = entries[e];
            Span<byte> entry = tiff.AsSpan(10 + (12 * e), 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], 4); // LONG
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], tag == 273 ? (uint)(8 + ifdLength) : value);
        }

        data.CopyTo(tiff, 8 + ifdLength);
        return tiff;
    }
}
