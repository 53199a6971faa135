namespace Digits.Photos;

/// <summary>
/// Walks a JPEG's markers from the start of the file, segment by segment (each says its length) and through
/// the entropy-coded data after each start of scan, to its end-of-image marker. Cameras and phones write data
/// after that marker (zero padding, a maker's trailer, a second JPEG of the multi-picture format, a motion
/// photo's MP4), and a thumbnail in the EXIF segment has its own end marker: only the walk tells the image's
/// own end from those, where looking near the end of the file for the marker refused the camera's photos.
/// </summary>
internal static class JpegMarkers
{
    private const byte Prefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImageMarker = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Where the image ends: the length of the file up to and including its end-of-image marker.</summary>
    /// <param name="jpeg">The file's bytes.</param>
    /// <returns>The length, or -1 when the file is not a JPEG or ends before its end-of-image marker (truncated).</returns>
    public static int EndOfImage(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Prefix || jpeg[1] != StartOfImage)
        {
            return -1;
        }

        int at = 2;
        while (true)
        {
            // A marker: 0xFF (any number of fill bytes) then its code.
            if (at >= jpeg.Length || jpeg[at] != Prefix)
            {
                return -1;
            }

            while (at < jpeg.Length && jpeg[at] == Prefix)
            {
                at++;
            }

            if (at >= jpeg.Length)
            {
                return -1;
            }

            byte code = jpeg[at++];
            if (code == EndOfImageMarker)
            {
                return at;
            }

            if (code is 0x01 or (>= 0xD0 and <= 0xD7) or StartOfImage)
            {
                continue; // markers that stand alone, without a length
            }

            if (at + 2 > jpeg.Length)
            {
                return -1;
            }

            int length = (jpeg[at] << 8) | jpeg[at + 1];
            if (length < 2 || at + length > jpeg.Length)
            {
                return -1;
            }

            at += length;
            if (code == StartOfScan)
            {
                at = AfterScan(jpeg, at);
            }
        }
    }

    // The entropy-coded data of a scan runs to the next marker: 0xFF followed by a code that is neither a stuffed
    // zero, a restart marker nor fill. Returns where that marker starts (or the file's length).
    private static int AfterScan(ReadOnlySpan<byte> jpeg, int at)
    {
        while (true)
        {
            int next = jpeg[at..].IndexOf(Prefix);
            if (next < 0)
            {
                return jpeg.Length;
            }

            int prefix = at + next, code = prefix + 1;
            while (code < jpeg.Length && jpeg[code] == Prefix)
            {
                code++;
            }

            if (code >= jpeg.Length)
            {
                return jpeg.Length;
            }

            if (jpeg[code] != 0x00 && jpeg[code] is not (>= 0xD0 and <= 0xD7))
            {
                return code - 1; // the marker's last 0xFF
            }

            at = code + 1;
        }
    }
}
