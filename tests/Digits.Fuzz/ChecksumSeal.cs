using System.Security.Cryptography;

namespace Digits.Fuzz;

/// <summary>
/// Makes a fuzzed model, network or profile file carry a right checksum again. Those files end with the SHA-256 of
/// everything before it, and a mutated file almost never matches, so without this the fuzzer would only ever reach
/// the "checksum does not match" answer. Sealing each input first lets it reach the header and payload readers
/// behind the check. The check itself is covered by the unit tests.
/// </summary>
public static class ChecksumSeal
{
    private const int ChecksumLength = 32;

    // The magic (8 bytes), the version and the header length (4 each) come before the checksum.
    private const int FixedLength = 16;

    /// <summary>Wraps a reader of checksummed files so that it sees each input sealed.</summary>
    /// <param name="parse">The reader.</param>
    /// <returns>The reader of sealed inputs.</returns>
    public static Action<byte[]> Around(Action<byte[]> parse) => bytes => parse(Apply(bytes));

    /// <summary>A copy of <paramref name="bytes"/> whose last 32 bytes are the SHA-256 of the rest.</summary>
    /// <param name="bytes">A file, maybe mutated.</param>
    /// <returns>The sealed copy, or the bytes unchanged when they are too short to hold a checksum.</returns>
    public static byte[] Apply(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < FixedLength + ChecksumLength)
        {
            return bytes;
        }

        byte[] sealedBytes = (byte[])bytes.Clone();
        int payloadEnd = sealedBytes.Length - ChecksumLength;
        SHA256.HashData(sealedBytes.AsSpan(0, payloadEnd), sealedBytes.AsSpan(payloadEnd));
        return sealedBytes;
    }
}
