using System.Buffers.Binary;
using System.Text.Json;
using Digits.Classifiers.Network;

namespace Digits.Files;

/// <summary>
/// Saves and loads trained networks. Layout (version 2, framed by <see cref="ChecksummedFile"/>): the 8 ASCII
/// bytes <c>DIGITSNN</c>; the format version and the header length; a UTF-8 JSON <see cref="ConvNetHeader"/>;
/// the parameters as little-endian 32-bit floats in the layout of <see cref="ConvNetShape"/>; and the SHA-256
/// of everything before it. Version 1 differed only in the header's shape (an object of two filter counts and a
/// hidden size, which still reads as the network it described). Saving writes a temporary file and renames it; loading checks the framing, that
/// the header matches the parameters, and that every parameter is a finite number.
/// </summary>
public static class ConvNetFile
{
    /// <summary>The format version written by this program.</summary>
    public const int CurrentVersion = 2;

    private static readonly ChecksummedFile Format = new("DIGITSNN", CurrentVersion, "network", "make one with 'digits train --cnn --out FILE'") { OldestVersion = 1 };
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(ConvNet network, string path, ConvNetHeader? header = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        header = (header ?? new ConvNetHeader()) with { Shape = network.Shape };
        byte[] parameters = new byte[network.Parameters.Length * 4];
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(parameters.AsSpan(i * 4), network.Parameters[i]);
        }

        Format.Write(path, JsonSerializer.SerializeToUtf8Bytes(header, Json), parameters);
    }

    /// <summary>Loads a network saved by <see cref="Save"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, not a network, of another version, truncated or corrupt.</exception>
    public static (ConvNet Network, ConvNetHeader Header) Load(string path) => Read(Format.ReadAllBytes(path), path);

    /// <summary>Returns whether <paramref name="bytes"/> start like a network file.</summary>
    internal static bool StartsLike(ReadOnlySpan<byte> bytes) => Format.StartsLike(bytes);

    /// <summary>Reads a network from the bytes of a file (<paramref name="name"/> is used in messages).</summary>
    /// <exception cref="DataFileException">Not a network, another version, truncated or corrupt.</exception>
    public static (ConvNet Network, ConvNetHeader Header) Read(byte[] bytes, string name)
    {
        var (headerRange, payloadRange) = Format.Open(bytes, name);
        ConvNetHeader header;
        try
        {
            header = JsonSerializer.Deserialize<ConvNetHeader>(bytes.AsSpan(headerRange), Json) ?? throw new JsonException("empty header");
            header.Shape.Validate();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new DataFileException(name, $"has an unreadable header ({ex.Message})", ex);
        }

        ReadOnlySpan<byte> payload = bytes.AsSpan(payloadRange);
        int count = header.Shape.ParameterCount;
        if (count * 4L != payload.Length)
        {
            throw new DataFileException(name, $"is inconsistent: its header describes {header.Shape} ({count} parameters, {count * 4L} bytes), the file holds {payload.Length}");
        }

        float[] parameters = new float[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.Slice(i * 4, 4));
        }

        if (parameters.Any(p => !float.IsFinite(p)))
        {
            throw new DataFileException(name, "holds parameters that are not finite numbers");
        }

        return (new ConvNet(header.Shape, parameters), header);
    }
}
