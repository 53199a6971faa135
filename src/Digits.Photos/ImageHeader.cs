using System.Buffers.Binary;

namespace Digits.Photos;

/// <summary>
/// Reads an image's format and pixel size from its first bytes, without decoding it, so huge images can be
/// refused before any memory is spent on them. Knows PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC/HEIF/AVIF and PDF.
/// </summary>
public static class ImageHeader
{
    /// <summary>Identifies the format and size.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <returns>The format name, and the size when the header gives it (null when not found).</returns>
    public static (string? Format, int Width, int Height)? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return ("PNG", BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]));
        }

        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return Jpeg(bytes);
        }

        if (Heif(bytes) is { } heif)
        {
            return (heif, 0, 0); // its size is in a box deep inside: the decoder reads it without decoding
        }

        // A PDF starts with its version line, which readers look for in the first kilobyte.
        if (bytes[..Math.Min(bytes.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return ("PDF", 0, 0);
        }

        if (bytes.Length >= 10 && (bytes[..6].SequenceEqual("GIF87a"u8) || bytes[..6].SequenceEqual("GIF89a"u8)))
        {
            return ("GIF", BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
        }

        if (bytes.Length >= 26 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M')
        {
            // A negative height means rows stored top-down; int.MinValue has no positive twin and stays an invalid size.
            int height = BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]);
            return ("BMP", BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]), height == int.MinValue ? height : Math.Abs(height));
        }

        if (bytes.Length >= 30 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(bytes);
        }

        if (bytes.Length >= 8 && (bytes[..4].SequenceEqual(new byte[] { 0x49, 0x49, 0x2A, 0x00 }) || bytes[..4].SequenceEqual(new byte[] { 0x4D, 0x4D, 0x00, 0x2A })))
        {
            return Tiff(bytes);
        }

        return null;
    }

    private static (string?, int, int) Jpeg(ReadOnlySpan<byte> bytes)
    {
        int i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                i++;
                continue;
            }

            byte marker = bytes[i + 1];
            if (marker is 0xD8 or 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF)
            {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                return ("JPEG", BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            }

            i += 2 + length;
        }

        return ("JPEG", 0, 0);
    }

    private static (string?, int, int) WebP(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            int w = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
            int h = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
            return ("WebP", w, h);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return ("WebP", BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && bytes.Length >= 25)
        {
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return ("WebP", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        return ("WebP", 0, 0);
    }

    // HEIF (HEIC from phones, AVIF) is an ISO media file: an ftyp box first, whose brands say an image.
    private static string? Heif(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || !bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return null;
        }

        int boxLength = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes), (uint)bytes.Length);
        string? format = null;
        for (int at = 8; at + 4 <= boxLength; at += at == 8 ? 8 : 4) // the major brand, then (after the minor version) each compatible brand
        {
            ReadOnlySpan<byte> brand = bytes[at..(at + 4)];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return "AVIF"; // an AVIF also names the general brands
            }

            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8)
                || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8))
            {
                format = "HEIC";
            }
        }

        return format;
    }

    /// <summary>
    /// The EXIF orientation of a JPEG (1 to 8: 1 as stored, 6 stored a quarter turn counter-clockwise, so a viewer
    /// turns it clockwise, and so on), read from its APP1 segment; 1 when it has none or a value out of range.
    /// </summary>
    /// <param name="bytes">A JPEG file's content.</param>
    /// <returns>The orientation.</returns>
    internal static int ExifOrientation(ReadOnlySpan<byte> bytes)
    {
        int i = 2;
        while (i + 4 <= bytes.Length && bytes[i] == 0xFF)
        {
            byte marker = bytes[i + 1];
            if (marker is 0xDA or 0xD9)
            {
                break; // the metadata segments come before the first scan
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
            if (length < 2 || i + 2 + length > bytes.Length)
            {
                break;
            }

            ReadOnlySpan<byte> segment = bytes.Slice(i + 4, length - 2);
            if (marker == 0xE1 && segment.Length > 14 && segment[..6].SequenceEqual("Exif\0\0"u8))
            {
                return Orientation(segment[6..]);
            }

            i += 2 + length;
        }

        return 1;
    }

    // The orientation tag (0x0112) of a TIFF structure's first directory.
    private static int Orientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8 || !(tiff[..4].SequenceEqual(new byte[] { 0x49, 0x49, 0x2A, 0x00 }) || tiff[..4].SequenceEqual(new byte[] { 0x4D, 0x4D, 0x00, 0x2A })))
        {
            return 1;
        }

        bool little = tiff[0] == 0x49;
        uint Read32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort Read16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        long ifd = Read32(tiff[4..]);
        if (ifd + 2 > tiff.Length)
        {
            return 1;
        }

        int entries = Read16(tiff[(int)ifd..]);
        for (int e = 0; e < entries; e++)
        {
            long at = ifd + 2 + (12L * e);
            if (at + 12 > tiff.Length)
            {
                break;
            }

            if (Read16(tiff[(int)at..]) == 0x0112)
            {
                int value = Read16(tiff[(int)(at + 8)..]);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    /// <summary>How many pages (image file directories) a TIFF has: its chain of directories walked, a loop or a link out of the file ending it.</summary>
    /// <param name="bytes">A TIFF file's content.</param>
    /// <returns>The number of pages, at least 1.</returns>
    internal static int TiffPageCount(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return 1;
        }

        bool little = bytes[0] == 0x49;
        uint Read32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort Read16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        var seen = new HashSet<long>();
        long ifd = Read32(bytes[4..]);
        while (ifd >= 8 && ifd + 2 <= bytes.Length && seen.Add(ifd) && seen.Count <= 100_000)
        {
            long next = ifd + 2 + (12L * Read16(bytes[(int)ifd..]));
            if (next + 4 > bytes.Length)
            {
                break;
            }

            ifd = Read32(bytes[(int)next..]);
        }

        return Math.Max(1, seen.Count);
    }

    private static (string?, int, int) Tiff(ReadOnlySpan<byte> bytes)
    {
        bool little = bytes[0] == 0x49;
        uint Read32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort Read16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        long ifd = Read32(bytes[4..]);
        if (ifd + 2 > bytes.Length)
        {
            return ("TIFF", 0, 0);
        }

        int entries = Read16(bytes[(int)ifd..]);
        int width = 0, height = 0;
        for (int e = 0; e < entries; e++)
        {
            int at = (int)ifd + 2 + (12 * e);
            if (at + 12 > bytes.Length)
            {
                break;
            }

            ushort tag = Read16(bytes[at..]);
            ushort type = Read16(bytes[(at + 2)..]);
            int value = type == 3 ? Read16(bytes[(at + 8)..]) : (int)Read32(bytes[(at + 8)..]);
            if (tag == 256)
            {
                width = value;
            }
            else if (tag == 257)
            {
                height = value;
            }
        }

        return ("TIFF", width, height);
    }
}
