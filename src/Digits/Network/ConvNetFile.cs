using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Digits.Data;

namespace Digits.Network;

/// <summary>
/// Saves and loads trained networks. Layout (version 1): the 8 ASCII bytes <c>DIGITSNN</c>; the format
/// version and the header length as little-endian 32-bit integers; a UTF-8 JSON <see cref="ConvNetHeader"/>;
/// the parameters as little-endian 32-bit floats in the layout of <see cref="ConvNetShape"/>; and the SHA-256
/// of everything before it. Saving writes a temporary file and renames it; loading checks the magic, version,
/// sizes, values and checksum, and names the file and the problem when one fails.
/// </summary>
public static class ConvNetFile
{
    /// <summary>The format version written by this program.</summary>
    public const int CurrentVersion = 1;

    private static readonly byte[] Magic = "DIGITSNN"u8.ToArray();
    private const int FixedLength = 8 + 4 + 4;
    private const int ChecksumLength = 32;
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(ConvNet network, string path, ConvNetHeader? header = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        header = (header ?? new ConvNetHeader()) with { Shape = network.Shape };
        byte[] headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        byte[] parameters = new byte[network.Parameters.Length * 4];
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(parameters.AsSpan(i * 4), network.Parameters[i]);
        }

        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Emit(ReadOnlySpan<byte> bytes)
            {
                hash.AppendData(bytes);
                stream.Write(bytes);
            }

            Span<byte> word = stackalloc byte[4];
            Emit(Magic);
            BinaryPrimitives.WriteInt32LittleEndian(word, CurrentVersion);
            Emit(word);
            BinaryPrimitives.WriteInt32LittleEndian(word, headerBytes.Length);
            Emit(word);
            Emit(headerBytes);
            Emit(parameters);
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Loads a network saved by <see cref="Save"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, not a network, of another version, truncated or corrupt.</exception>
    public static (ConvNet Network, ConvNetHeader Header) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "network file not found" : $"cannot be read ({ex.Message})", ex);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads a network from the bytes of a file (<paramref name="name"/> is used in messages).</summary>
    public static (ConvNet Network, ConvNetHeader Header) Read(byte[] bytes, string name)
    {
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new DataFileException(name, "is not a Digits network file (it does not start with DIGITSNN); make one with 'digits train --cnn --out FILE'");
        }

        if (bytes.Length < FixedLength + ChecksumLength)
        {
            throw new DataFileException(name, $"is truncated ({bytes.Length} bytes)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != CurrentVersion)
        {
            throw new DataFileException(name, $"is network format version {version}, but this program reads version {CurrentVersion}");
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (headerLength <= 0 || headerLength > bytes.Length - FixedLength - ChecksumLength)
        {
            throw new DataFileException(name, $"is truncated or corrupt: header length {headerLength} does not fit in {bytes.Length} bytes");
        }

        int payloadEnd = bytes.Length - ChecksumLength;
        if (!SHA256.HashData(bytes.AsSpan(0, payloadEnd)).AsSpan().SequenceEqual(bytes.AsSpan(payloadEnd)))
        {
            throw new DataFileException(name, "is corrupt or truncated: its SHA-256 checksum does not match its content");
        }

        ConvNetHeader header;
        try
        {
            header = JsonSerializer.Deserialize<ConvNetHeader>(bytes.AsSpan(FixedLength, headerLength), Json) ?? throw new JsonException("empty header");
            header.Shape.Validate();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new DataFileException(name, $"has an unreadable header ({ex.Message})", ex);
        }

        int count = header.Shape.ParameterCount;
        if ((long)FixedLength + headerLength + (count * 4L) + ChecksumLength != bytes.Length)
        {
            throw new DataFileException(name, $"is inconsistent: its header describes {header.Shape} ({count} parameters), the file has {bytes.Length} bytes");
        }

        float[] parameters = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(FixedLength + headerLength, count * 4)).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < count; i++)
            {
                parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(FixedLength + headerLength + (i * 4)));
            }
        }

        if (parameters.Any(p => !float.IsFinite(p)))
        {
            throw new DataFileException(name, "holds parameters that are not finite numbers");
        }

        return (new ConvNet(header.Shape, parameters), header);
    }
}
