using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Digits.Classifiers.Knn;
using Digits.Images;

namespace Digits.Files;

/// <summary>
/// Saves and loads fitted KNN models. Layout (version 1, framed by <see cref="ChecksummedFile"/>): the 8 ASCII
/// bytes <c>DIGITSMD</c>; the format version and the header length; a UTF-8 JSON <see cref="ModelHeader"/>;
/// the labels (one byte each); the pixels; and the SHA-256 of everything before it. Saving writes a temporary
/// file and renames it; loading checks the framing and that the header matches the data.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version written by this program.</summary>
    public const int CurrentVersion = 1;

    private static readonly ChecksummedFile Format = new("DIGITSMD", CurrentVersion, "model", "make one with 'digits train --out FILE'");

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
        Format.Write(path, JsonSerializer.SerializeToUtf8Bytes(header, Json), model.Training.Labels, images.Pixels);
    }

    /// <summary>Loads a model saved by <see cref="Save"/> and fits it again (which rebuilds the search index).</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model and its header.</returns>
    /// <exception cref="DataFileException">The file is missing, not a model, of another version, truncated or corrupt.</exception>
    public static (KnnClassifier Model, ModelHeader Header) Load(string path) => Read(Format.ReadAllBytes(path), path);

    /// <summary>Reads a whole file, reporting a missing or unreadable one as a missing model file.</summary>
    internal static byte[] ReadBytes(string path) => Format.ReadAllBytes(path);

    /// <summary>Reads a model from the bytes of a file (<paramref name="path"/> is used in messages) and fits it again.</summary>
    /// <exception cref="DataFileException">Not a model, another version, truncated or corrupt.</exception>
    internal static (KnnClassifier Model, ModelHeader Header) Read(byte[] bytes, string path)
    {
        var (headerRange, payloadRange) = Format.Open(bytes, path);
        ModelHeader header;
        try
        {
            header = JsonSerializer.Deserialize<ModelHeader>(bytes.AsSpan(headerRange), Json)
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

        ReadOnlySpan<byte> payload = bytes.AsSpan(payloadRange);
        long pixels = (long)header.Count * header.Rows * header.Columns;
        if (header.Count <= 0 || header.Rows <= 0 || header.Columns <= 0 || header.Count + pixels != payload.Length)
        {
            throw new DataFileException(path, $"is inconsistent: its header describes {header.Count} images of {header.Rows}x{header.Columns} ({header.Count + pixels} bytes of data), the file holds {payload.Length}");
        }

        byte[] labels = payload[..header.Count].ToArray();
        byte[] imagePixels = payload.Slice(header.Count, (int)pixels).ToArray();
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
