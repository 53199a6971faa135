using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Digits.Data;
using Digits.Knn;

namespace Digits.Models;

/// <summary>
/// Saves and loads fitted models. Layout (version 1): the 8 ASCII bytes <c>DIGITSMD</c>; the format
/// version and the header length as little-endian 32-bit integers; a UTF-8 JSON <see cref="ModelHeader"/>;
/// the labels (one byte each); the pixels; and the SHA-256 of everything before it. Saving writes a
/// temporary file and renames it, so a partial model file is never left behind; loading checks the
/// magic, version, sizes and checksum and names the file and the problem when one fails.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version written by this program.</summary>
    public const int CurrentVersion = 1;

    private static readonly byte[] Magic = "DIGITSMD"u8.ToArray();
    private const int FixedLength = 8 + 4 + 4;
    private const int ChecksumLength = 32;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="source">Free text about the training data.</param>
    public static void Save(KnnClassifier model, string path, string source = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ImageSet images = model.Training.Images;
        var header = new ModelHeader
        {
            Knn = model.Options,
            Count = images.Count,
            Rows = images.Rows,
            Columns = images.Columns,
            Created = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Source = source,
        };
        byte[] headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
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
            Emit(model.Training.Labels);
            Emit(images.Pixels);
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Loads a model saved by <see cref="Save"/> and fits it again (which rebuilds the search index).</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model and its header.</returns>
    /// <exception cref="DataFileException">The file is missing, not a model, of another version, truncated or corrupt.</exception>
    public static (KnnClassifier Model, ModelHeader Header) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "model file not found" : $"cannot be read ({ex.Message})", ex);
        }

        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new DataFileException(path, "is not a Digits model file (it does not start with DIGITSMD); make one with 'digits train --out FILE'");
        }

        if (bytes.Length < FixedLength + ChecksumLength)
        {
            throw new DataFileException(path, $"is truncated ({bytes.Length} bytes)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != CurrentVersion)
        {
            throw new DataFileException(path, $"is model format version {version}, but this program reads version {CurrentVersion}; train the model again with this version");
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (headerLength <= 0 || headerLength > bytes.Length - FixedLength - ChecksumLength)
        {
            throw new DataFileException(path, $"is truncated or corrupt: header length {headerLength} does not fit in {bytes.Length} bytes");
        }

        int payloadEnd = bytes.Length - ChecksumLength;
        byte[] actual = SHA256.HashData(bytes.AsSpan(0, payloadEnd));
        if (!actual.AsSpan().SequenceEqual(bytes.AsSpan(payloadEnd)))
        {
            throw new DataFileException(path, "is corrupt or truncated: its SHA-256 checksum does not match its content");
        }

        ModelHeader header;
        try
        {
            header = JsonSerializer.Deserialize<ModelHeader>(bytes.AsSpan(FixedLength, headerLength), Json)
                     ?? throw new JsonException("empty header");
        }
        catch (JsonException ex)
        {
            throw new DataFileException(path, $"has an unreadable header ({ex.Message})", ex);
        }

        if (header.Kind != "knn")
        {
            throw new DataFileException(path, $"holds a '{header.Kind}' model, which this program cannot load");
        }

        long pixels = (long)header.Count * header.Rows * header.Columns;
        long expected = FixedLength + headerLength + header.Count + pixels + ChecksumLength;
        if (header.Count <= 0 || header.Rows <= 0 || header.Columns <= 0 || expected != bytes.Length)
        {
            throw new DataFileException(path, $"is inconsistent: its header describes {header.Count} images of {header.Rows}x{header.Columns} ({expected} bytes), the file has {bytes.Length}");
        }

        int offset = FixedLength + headerLength;
        byte[] labels = bytes.AsSpan(offset, header.Count).ToArray();
        byte[] imagePixels = bytes.AsSpan(offset + header.Count, (int)pixels).ToArray();
        try
        {
            var training = new LabeledImages(new ImageSet(imagePixels, header.Count, header.Rows, header.Columns), labels);
            return (KnnClassifier.Fit(training, header.Knn), header);
        }
        catch (ArgumentException ex)
        {
            throw new DataFileException(path, $"holds invalid data: {ex.Message}", ex);
        }
    }

    /// <summary>Header text of a model file, for messages.</summary>
    internal static string Describe(ModelHeader header) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(header, Json));
}
