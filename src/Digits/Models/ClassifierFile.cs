using Digits.Data;
using Digits.Network;

namespace Digits.Models;

/// <summary>Loads any model file <c>digits train</c> writes: a KNN model (<see cref="ModelFile"/>) or a network (<see cref="ConvNetFile"/>), told apart by their first bytes.</summary>
public static class ClassifierFile
{
    /// <summary>Loads the model in <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, of neither kind, truncated or corrupt.</exception>
    public static IDigitClassifier Load(string path)
    {
        byte[] start = new byte[8];
        try
        {
            using var stream = File.OpenRead(path);
            stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "model file not found" : $"cannot be read ({ex.Message})", ex);
        }

        return start.AsSpan().SequenceEqual("DIGITSNN"u8) ? ConvNetFile.Load(path).Network : ModelFile.Load(path).Model;
    }
}
