using System.Buffers.Binary;
using System.Text;

namespace Digits.Photos;

/// <summary>
/// Checks the chunk lengths of a PNG before the decoder sees it. OpenCV's PNG reader trusts a chunk's length and
/// reserves that much memory: a 133-byte file whose IDAT chunk claims 4 GB made it take 4 GB and 16 s (found by
/// fuzzing). A chunk that claims more bytes than the file still holds cannot be decoded anyway, so such a file is
/// refused as truncated or corrupt, for the cost of reading a few headers.
/// </summary>
internal static class PngChunks
{
    private const int SignatureLength = 8;

    // Length, type, then after the data a CRC: 4 bytes each.
    private const int FrameLength = 12;

    /// <summary>What is wrong with the chunk layout of a PNG, or null when every chunk fits in the file.</summary>
    /// <param name="png">The whole file, starting with the PNG signature.</param>
    /// <returns>A sentence fragment for the user, or null.</returns>
    public static string? FindProblem(ReadOnlySpan<byte> png)
    {
        int offset = SignatureLength;
        while (png.Length - offset >= 8)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            string type = Name(png.Slice(offset + 4, 4));
            long remaining = png.Length - offset - FrameLength;
            if (length > remaining)
            {
                return $"is a truncated or corrupt PNG: its {type} chunk at byte {offset:N0} claims {length:N0} bytes, but only {Math.Max(remaining, 0):N0} follow";
            }

            if (type == "IEND")
            {
                return null;
            }

            offset += FrameLength + (int)length;
        }

        return null;
    }

    private static string Name(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (b is < (byte)'A' or > (byte)'z' or (> (byte)'Z' and < (byte)'a'))
            {
                return "unnamed";
            }
        }

        return Encoding.ASCII.GetString(type);
    }
}
