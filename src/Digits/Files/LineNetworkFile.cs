using System.Buffers.Binary;
using System.Text.Json;
using Digits.Lines;

namespace Digits.Files;

/// <summary>
/// Saves and loads line readers (<see cref="LineNetwork"/>). Layout (version 1, framed by <see cref="ChecksummedFile"/>):
/// the 8 ASCII bytes <c>DIGITSLN</c>; the format version and the header length; a UTF-8 JSON
/// <see cref="LineNetworkHeader"/>; the parameters as little-endian 32-bit floats; and the SHA-256 of everything
/// before it. Saving writes a temporary file and renames it; loading checks the framing, that the header's layers
/// and alphabet match the parameters and this program's, and that every parameter is a finite number.
/// </summary>
public static class LineNetworkFile
{
    /// <summary>The format version written by this program.</summary>
    public const int CurrentVersion = 1;

    private static readonly ChecksummedFile Format = new("DIGITSLN", CurrentVersion, "line reader", "make one with 'digits train-lines --out FILE'");
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(LineNetwork network, string path, LineNetworkHeader? header = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Write(path, (header ?? new LineNetworkHeader()) with { Layers = network.Shape.Layers, Alphabet = LineAlphabet.Characters }, network.Parameters);
    }

    // The file as it is stored: the header as given, then the parameters (tests write an earlier alphabet's file so).
    internal static void Write(string path, LineNetworkHeader header, float[] parameters)
    {
        byte[] payload = new byte[parameters.Length * 4];
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), parameters[i]);
        }

        Format.Write(path, JsonSerializer.SerializeToUtf8Bytes(header, Json), payload);
    }

    /// <summary>Loads a line reader saved by <see cref="Save"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, not a line reader, of another version, truncated or corrupt.</exception>
    public static (LineNetwork Network, LineNetworkHeader Header) Load(string path) => Read(Format.ReadAllBytes(path), path);

    /// <summary>Reads a line reader from the bytes of a file (<paramref name="name"/> is used in messages).</summary>
    /// <exception cref="DataFileException">Not a line reader, another version, truncated or corrupt.</exception>
    public static (LineNetwork Network, LineNetworkHeader Header) Read(byte[] bytes, string name)
    {
        var (headerRange, payloadRange) = Format.Open(bytes, name);
        LineNetworkHeader header;
        LineShape shape;
        try
        {
            header = JsonSerializer.Deserialize<LineNetworkHeader>(bytes.AsSpan(headerRange), Json) ?? throw new JsonException("empty header");
            shape = new LineShape(header.Layers);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new DataFileException(name, $"has an unreadable header ({ex.Message})", ex);
        }

        // A reader trained on fewer characters (an earlier alphabet, which this one extends) loads with the new
        // classes' weights zero and their bias low: it never writes them, and training goes on from it.
        int missing = LineAlphabet.Characters.Length - header.Alphabet.Length;
        if (missing < 0 || !LineAlphabet.Characters.StartsWith(header.Alphabet, StringComparison.Ordinal))
        {
            throw new DataFileException(name, $"writes the characters '{header.Alphabet}', this program reads '{LineAlphabet.Characters}'");
        }

        ReadOnlySpan<byte> payload = bytes.AsSpan(payloadRange);
        int count = shape.ParameterCount - (missing * (shape.Features + 1));
        if (count * 4L != payload.Length)
        {
            throw new DataFileException(name, $"is inconsistent: its header describes {shape} ({count} parameters, {count * 4L} bytes), the file holds {payload.Length}");
        }

        float[] stored = new float[count];
        for (int i = 0; i < count; i++)
        {
            stored[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.Slice(i * 4, 4));
        }

        if (stored.Any(p => !float.IsFinite(p)))
        {
            throw new DataFileException(name, "holds parameters that are not finite numbers");
        }

        return (new LineNetwork(shape, missing == 0 ? stored : Extend(stored, shape, header.Alphabet.Length + 1)), header with { Alphabet = LineAlphabet.Characters });
    }

    // The output layer (weights by class, then biases) grown from the classes stored to all of today's.
    private static float[] Extend(float[] stored, LineShape shape, int storedClasses)
    {
        int features = shape.Features, classes = LineAlphabet.Classes;
        int body = stored.Length - (storedClasses * (features + 1));
        float[] parameters = new float[shape.ParameterCount];
        stored.AsSpan(0, body + (storedClasses * features)).CopyTo(parameters);
        stored.AsSpan(body + (storedClasses * features), storedClasses).CopyTo(parameters.AsSpan(body + (classes * features)));
        parameters.AsSpan(body + (classes * features) + storedClasses, classes - storedClasses).Fill(-4f);
        return parameters;
    }
}

/// <summary>What a line reader's file says about itself.</summary>
public sealed record LineNetworkHeader
{
    /// <summary>Gets the layers (<see cref="LineShape"/>).</summary>
    public string Layers { get; init; } = LineShape.Default;

    /// <summary>Gets the characters of classes 1 onwards (<see cref="LineAlphabet.Characters"/>).</summary>
    public string Alphabet { get; init; } = LineAlphabet.Characters;

    /// <summary>Gets the batches trained so far (a checkpoint goes on from here).</summary>
    public int Batches { get; init; }

    /// <summary>Gets when the network was saved (ISO 8601, UTC).</summary>
    public string Created { get; init; } = "";

    /// <summary>Gets the command that trained the network, with every training option spelt out.</summary>
    public string Recipe { get; init; } = "";

    /// <summary>Gets free text about the training data.</summary>
    public string Source { get; init; } = "";
}
