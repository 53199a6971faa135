using System.Buffers.Binary;
using System.Text.Json;
using Digits.Files;

namespace Digits.Profiles;

/// <summary>
/// A profile's examples as one portable file (<c>digits profile export</c>, the web page's export button).
/// Layout (version 1, framed like the model files: magic <c>DIGITSPF</c>, version, JSON header, payload,
/// SHA-256): the header holds the profile's name, the count and when it was exported; the payload holds each
/// example as its label (1 byte), its source (1 byte), when it was taught (Unix milliseconds, 8 bytes little-endian)
/// and its 784 grey values. Reading checks all of it and names the file and what is wrong.
/// </summary>
public static class ProfileFile
{
    /// <summary>The format version written and read.</summary>
    public const int CurrentVersion = 1;

    private const int RecordBytes = 1 + 1 + 8 + ExampleStore.ImageBytes;

    private static readonly ChecksummedFile Format = new("DIGITSPF", CurrentVersion, "profile", "make one with 'digits profile export NAME --out FILE'");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes <paramref name="examples"/> of <paramref name="profile"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="profile">The profile's name.</param>
    /// <param name="examples">Its examples.</param>
    public static void Write(string path, string profile, IReadOnlyList<PersonalExample> examples)
    {
        var (header, payload) = Encode(profile, examples);
        Format.Write(path, header, payload);
    }

    /// <summary>The file's bytes, for a download.</summary>
    /// <param name="profile">The profile's name.</param>
    /// <param name="examples">Its examples.</param>
    /// <returns>The whole file.</returns>
    public static byte[] ToBytes(string profile, IReadOnlyList<PersonalExample> examples)
    {
        var (header, payload) = Encode(profile, examples);
        return Format.ToBytes(header, payload);
    }

    /// <summary>Reads a profile file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The profile's name as exported, and its examples (ids 0; <see cref="PersonalExample.Source"/> as when taught).</returns>
    /// <exception cref="DataFileException">The file is missing, not a profile file, of another version, truncated, corrupt or inconsistent.</exception>
    public static (string Profile, IReadOnlyList<PersonalExample> Examples) Read(string path) => Read(Format.ReadAllBytes(path), path);

    /// <summary>Reads a profile file from its bytes.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="name">The file's name, for messages.</param>
    /// <returns>The profile's name as exported, and its examples.</returns>
    /// <exception cref="DataFileException">Not a profile file, another version, truncated, corrupt or inconsistent.</exception>
    public static (string Profile, IReadOnlyList<PersonalExample> Examples) Read(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var (headerRange, payloadRange) = Format.Open(bytes, name);
        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(headerRange), Json) ?? throw new JsonException("empty header");
        }
        catch (JsonException ex)
        {
            throw new DataFileException(name, $"has an unreadable header ({ex.Message})", ex);
        }

        if (!ProfileName.IsValid(header.Profile))
        {
            throw new DataFileException(name, $"names a profile \"{header.Profile}\" that is not a valid name");
        }

        ReadOnlySpan<byte> payload = bytes.AsSpan(payloadRange);
        if (header.Count < 0 || (long)header.Count * RecordBytes != payload.Length)
        {
            throw new DataFileException(name, $"is inconsistent: its header counts {header.Count} examples ({(long)header.Count * RecordBytes} bytes), the file holds {payload.Length} bytes of them");
        }

        var examples = new PersonalExample[header.Count];
        for (int i = 0; i < header.Count; i++)
        {
            ReadOnlySpan<byte> record = payload.Slice(i * RecordBytes, RecordBytes);
            int label = record[0];
            if (label > 9)
            {
                throw new DataFileException(name, $"example {i + 1} is labelled {label}, not a digit 0-9");
            }

            if (record[1] > (byte)ExampleSource.Import)
            {
                throw new DataFileException(name, $"example {i + 1} has an unknown source ({record[1]})");
            }

            long millis = BinaryPrimitives.ReadInt64LittleEndian(record[2..]);
            if (millis < 0 || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                throw new DataFileException(name, $"example {i + 1} has an impossible time ({millis} ms)");
            }

            examples[i] = new PersonalExample(0, header.Profile!, label, record[10..].ToArray(), (ExampleSource)record[1], DateTimeOffset.FromUnixTimeMilliseconds(millis));
        }

        return (header.Profile!, examples);
    }

    private static (byte[] Header, byte[] Payload) Encode(string profile, IReadOnlyList<PersonalExample> examples)
    {
        ProfileName.Check(profile);
        ArgumentNullException.ThrowIfNull(examples);
        var header = new Header { Profile = profile, Count = examples.Count, Exported = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        byte[] payload = new byte[examples.Count * RecordBytes];
        for (int i = 0; i < examples.Count; i++)
        {
            PersonalExample e = examples[i];
            Span<byte> record = payload.AsSpan(i * RecordBytes, RecordBytes);
            record[0] = (byte)e.Label;
            record[1] = (byte)e.Source;
            BinaryPrimitives.WriteInt64LittleEndian(record[2..], e.Created.ToUnixTimeMilliseconds());
            e.Image.CopyTo(record[10..]);
        }

        return (JsonSerializer.SerializeToUtf8Bytes(header, Json), payload);
    }

    private sealed record Header
    {
        public string? Profile { get; init; }

        public int Count { get; init; }

        public string Exported { get; init; } = "";
    }
}
