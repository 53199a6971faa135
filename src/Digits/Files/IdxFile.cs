using System.Buffers.Binary;
using System.IO.Compression;
using Digits.Images;

namespace Digits.Files;

/// <summary>
/// Reads and writes the IDX format of the original MNIST files: a 4-byte magic number
/// (<c>0x00 0x00</c>, element type, number of dimensions), each dimension as a big-endian
/// 32-bit integer, then the elements. Files may be raw or gzipped (detected from their first bytes).
/// Only unsigned-byte elements (type <c>0x08</c>) are supported, as in MNIST.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads a file of images (three dimensions: count, rows, columns).</summary>
    /// <param name="path">The file, raw or gzipped.</param>
    /// <returns>The images.</returns>
    /// <exception cref="DataFileException">The file is missing, truncated or not an IDX image file.</exception>
    public static ImageSet ReadImages(string path) => ParseImages(path, ReadContent(path));

    /// <summary>Parses the decompressed content of an IDX image file.</summary>
    /// <param name="path">The file the content came from, for messages.</param>
    /// <param name="content">The decompressed bytes.</param>
    /// <returns>The images.</returns>
    /// <exception cref="DataFileException">The content is truncated or not an IDX image file.</exception>
    public static ImageSet ParseImages(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        int[] dims = ParseHeader(path, content, expectedDimensions: 3, "images");
        return new ImageSet(content.AsSpan(HeaderLength(3)).ToArray(), dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a file of labels (one dimension) and checks that each is a digit 0-9.</summary>
    /// <param name="path">The file, raw or gzipped.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="DataFileException">The file is missing, truncated, not an IDX label file, or holds a label above 9.</exception>
    public static byte[] ReadLabels(string path) => ParseLabels(path, ReadContent(path));

    /// <summary>Parses the decompressed content of an IDX label file.</summary>
    /// <param name="path">The file the content came from, for messages.</param>
    /// <param name="content">The decompressed bytes.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="DataFileException">The content is truncated, not an IDX label file, or holds a label above 9.</exception>
    public static byte[] ParseLabels(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ParseHeader(path, content, expectedDimensions: 1, "labels");
        byte[] labels = content.AsSpan(HeaderLength(1)).ToArray();
        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0)
        {
            throw new DataFileException(path, $"label {bad} is {labels[bad]}, but labels must be digits 0-9");
        }

        return labels;
    }

    /// <summary>Reads a whole file, decompressing it when it is gzipped.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The (decompressed) bytes.</returns>
    /// <exception cref="DataFileException">The file is missing, unreadable, or a broken gzip stream.</exception>
    public static byte[] ReadContent(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new DataFileException(path, "file not found", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new DataFileException(path, "folder not found", ex);
        }
        catch (IOException ex)
        {
            throw new DataFileException(path, $"cannot be read ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataFileException(path, $"cannot be read ({ex.Message})", ex);
        }

        return Decompress(path, raw);
    }

    /// <summary>The most a gzipped IDX file may grow when decompressed: MNIST's grow 2-5 times.</summary>
    public const int MaxExpansion = 100;

    /// <summary>A file's content decompressed when it is gzipped, as it is otherwise.</summary>
    /// <param name="path">The file's name, for messages.</param>
    /// <param name="raw">Its bytes.</param>
    /// <returns>The (decompressed) bytes.</returns>
    /// <exception cref="DataFileException">A broken gzip stream, or one that decompresses to more than
    /// <see cref="MaxExpansion"/> times its size (a compression bomb, not images).</exception>
    public static byte[] Decompress(string path, byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return raw;
        }

        long most = Math.Min((long)raw.Length * MaxExpansion, Array.MaxLength);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream((int)Math.Min(most, raw.Length * 5L));
            byte[] buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > most)
                {
                    throw new DataFileException(path, $"decompresses to more than {MaxExpansion} times its size ({raw.Length:N0} bytes), which images never do");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DataFileException(path, $"is a corrupt or truncated gzip file ({ex.Message})", ex);
        }
    }

    /// <summary>Writes images as a raw IDX file (used by tests and tools). The file is written whole or not at all.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="images">The images.</param>
    public static void WriteImages(string path, ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        AtomicFile.Write(path, stream =>
        {
            WriteHeader(stream, images.Count, images.Rows, images.Columns);
            stream.Write(images.Pixels);
        });
    }

    /// <summary>Writes labels as a raw IDX file (used by tests and tools). The file is written whole or not at all.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="labels">The labels.</param>
    public static void WriteLabels(string path, ReadOnlySpan<byte> labels)
    {
        byte[] copy = labels.ToArray();
        AtomicFile.Write(path, stream =>
        {
            WriteHeader(stream, copy.Length);
            stream.Write(copy);
        });
    }

    private static void WriteHeader(Stream stream, params int[] dims)
    {
        Span<byte> word = stackalloc byte[4];
        stream.Write([0, 0, UnsignedByteType, (byte)dims.Length]);
        foreach (int dim in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, dim);
            stream.Write(word);
        }
    }

    private static int HeaderLength(int dimensions) => 4 + (4 * dimensions);

    private static int[] ParseHeader(string path, byte[] content, int expectedDimensions, string kind)
    {
        if (content.Length < 4)
        {
            throw new DataFileException(path, $"is {content.Length} bytes long, too short for an IDX header (is it empty or truncated?)");
        }

        if (content[0] != 0 || content[1] != 0)
        {
            throw new DataFileException(path, $"is not an IDX file: wrong magic number 0x{content[0]:x2}{content[1]:x2}{content[2]:x2}{content[3]:x2}");
        }

        if (content[2] != UnsignedByteType)
        {
            throw new DataFileException(path, $"has element type 0x{content[2]:x2}; only unsigned bytes (0x08) are supported");
        }

        if (content[3] != expectedDimensions)
        {
            throw new DataFileException(
                path,
                $"has {content[3]} dimensions, but an IDX {kind} file has {expectedDimensions} (magic 0x0000080{expectedDimensions}); is this the right file?");
        }

        if (content.Length < HeaderLength(expectedDimensions))
        {
            throw new DataFileException(path, $"is truncated inside its header ({content.Length} bytes)");
        }

        var dims = new int[expectedDimensions];
        long expected = 1;
        for (int d = 0; d < expectedDimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4 + (4 * d)));
            if (dims[d] < 0 || (d > 0 && dims[d] == 0))
            {
                throw new DataFileException(path, $"has an invalid size {dims[d]} in dimension {d + 1}");
            }

            expected *= dims[d];
        }

        long actual = content.Length - HeaderLength(expectedDimensions);
        if (actual < expected)
        {
            throw new DataFileException(path, $"is truncated: the header promises {expected:N0} bytes of {kind}, the file holds {actual:N0}");
        }

        if (actual > expected)
        {
            throw new DataFileException(path, $"has {actual - expected:N0} unexpected bytes after its {expected:N0} bytes of {kind}");
        }

        return dims;
    }
}
