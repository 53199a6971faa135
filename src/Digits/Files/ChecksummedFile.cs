using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Digits.Files;

/// <summary>
/// The framing shared by Digits' model files (<see cref="ModelFile"/>, <see cref="ConvNetFile"/>): 8 ASCII
/// magic bytes; the format version and the header length as little-endian 32-bit integers; a UTF-8 JSON header;
/// the payload; and the SHA-256 of everything before it. Writing goes to a temporary file that is renamed, so a
/// partial file is never left behind; reading checks magic, version, lengths and checksum and names the file and
/// the problem when one fails.
/// </summary>
/// <param name="Magic">The 8 bytes a file of this kind starts with.</param>
/// <param name="Version">The format version written and read.</param>
/// <param name="Kind">What the file holds, for messages ("model", "network").</param>
/// <param name="HowToMake">How a user makes such a file, for messages.</param>
internal sealed record ChecksummedFile(string Magic, int Version, string Kind, string HowToMake)
{
    private const int FixedLength = 8 + 4 + 4;
    private const int ChecksumLength = 32;

    /// <summary>Gets the oldest format version still read (the same as <see cref="Version"/> unless older files stay readable).</summary>
    public int OldestVersion { get; init; } = Version;

    /// <summary>Writes <paramref name="header"/> and the payload parts to <paramref name="path"/>, atomically.</summary>
    public void Write(string path, byte[] header, params ReadOnlyMemory<byte>[] payload)
        => AtomicFile.Write(path, stream => WriteTo(stream, header, payload));

    /// <summary>The whole file as bytes (for a download).</summary>
    public byte[] ToBytes(byte[] header, params ReadOnlyMemory<byte>[] payload)
    {
        using var memory = new MemoryStream();
        WriteTo(memory, header, payload);
        return memory.ToArray();
    }

    private void WriteTo(Stream stream, byte[] header, ReadOnlyMemory<byte>[] payload)
    {
        byte[] magic = System.Text.Encoding.ASCII.GetBytes(Magic);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Emit(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            stream.Write(bytes);
        }

        Span<byte> word = stackalloc byte[4];
        Emit(magic);
        BinaryPrimitives.WriteInt32LittleEndian(word, Version);
        Emit(word);
        BinaryPrimitives.WriteInt32LittleEndian(word, header.Length);
        Emit(word);
        Emit(header);
        foreach (ReadOnlyMemory<byte> part in payload)
        {
            Emit(part.Span);
        }

        stream.Write(hash.GetHashAndReset());
    }

    /// <summary>Reads a whole file.</summary>
    /// <exception cref="DataFileException">The file is missing or cannot be read.</exception>
    public byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? $"{Kind} file not found" : $"cannot be read ({ex.Message})", ex);
        }
    }

    /// <summary>Returns whether <paramref name="bytes"/> start with this kind's magic bytes.</summary>
    public bool StartsLike(ReadOnlySpan<byte> bytes)
        => bytes.Length >= Magic.Length && bytes[..Magic.Length].SequenceEqual(System.Text.Encoding.ASCII.GetBytes(Magic));

    /// <summary>Checks the framing of <paramref name="bytes"/> and returns where the header and the payload lie.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file's name or path, for messages.</param>
    /// <exception cref="DataFileException">Not this kind of file, another version, truncated or corrupt.</exception>
    public (Range Header, Range Payload) Open(byte[] bytes, string name)
    {
        if (!StartsLike(bytes))
        {
            throw new DataFileException(name, $"is not a Digits {Kind} file (it does not start with {Magic}); {HowToMake}");
        }

        if (bytes.Length < FixedLength + ChecksumLength)
        {
            throw new DataFileException(name, $"is truncated ({bytes.Length} bytes)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version < OldestVersion || version > Version)
        {
            string reads = OldestVersion == Version ? $"version {Version}" : $"versions {OldestVersion} to {Version}";
            throw new DataFileException(name, $"is {Kind} format version {version}, but this program reads {reads}; make it again with this version");
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

        return (FixedLength..(FixedLength + headerLength), (FixedLength + headerLength)..payloadEnd);
    }
}
