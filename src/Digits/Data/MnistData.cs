using System.Security.Cryptography;
using Digits.Files;
using Digits.Images;

namespace Digits.Data;

/// <summary>The MNIST training and test sets, and where they were read from.</summary>
public sealed class MnistData
{
    /// <summary>Creates the data set.</summary>
    /// <param name="train">The 60,000 training images.</param>
    /// <param name="test">The 10,000 test images.</param>
    /// <param name="source">Where the files came from, for reports.</param>
    public MnistData(LabeledImages train, LabeledImages test, string source)
    {
        Train = train;
        Test = test;
        Source = source;
    }

    /// <summary>Gets the training set.</summary>
    public LabeledImages Train { get; }

    /// <summary>Gets the test set.</summary>
    public LabeledImages Test { get; }

    /// <summary>Gets a description of where the files were read from.</summary>
    public string Source { get; }

    /// <summary>
    /// Reads the four files from <paramref name="folder"/> (raw or gzipped), verifying each
    /// by the SHA-256 of its decompressed content and checking images and labels agree.
    /// </summary>
    /// <param name="folder">The folder holding the files.</param>
    /// <param name="source">Description for reports; defaults to the folder.</param>
    /// <returns>The data.</returns>
    /// <exception cref="DataFileException">A file is missing, corrupt, not the original, or inconsistent with its partner.</exception>
    public static MnistData Load(string folder, string? source = null)
    {
        var train = LoadPair(folder, MnistFiles.TrainImages, MnistFiles.TrainLabels);
        var test = LoadPair(folder, MnistFiles.TestImages, MnistFiles.TestLabels);
        return new MnistData(train, test, source ?? System.IO.Path.GetFullPath(folder));
    }

    /// <summary>Lists what is wrong with the MNIST files in a folder, without throwing.</summary>
    /// <param name="folder">The folder to check.</param>
    /// <returns>One message per missing or corrupt file; empty when all four are present and verified.</returns>
    public static IReadOnlyList<string> Verify(string folder)
    {
        var problems = new List<string>();
        foreach (string name in MnistFiles.All)
        {
            string? path = MnistFiles.Find(folder, name);
            if (path is null)
            {
                problems.Add($"{System.IO.Path.Combine(folder, name)}: file not found (also looked for {name}.gz)");
                continue;
            }

            try
            {
                VerifyChecksum(path, name, IdxFile.ReadContent(path));
            }
            catch (DataFileException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return problems;
    }

    /// <summary>Checks that <paramref name="content"/> is the original MNIST file <paramref name="name"/>.</summary>
    /// <param name="path">The file the content came from, for the message.</param>
    /// <param name="name">Which MNIST file it should be.</param>
    /// <param name="content">The decompressed content.</param>
    /// <exception cref="DataFileException">The checksum differs.</exception>
    public static void VerifyChecksum(string path, string name, ReadOnlySpan<byte> content)
    {
        string actual = Convert.ToHexStringLower(SHA256.HashData(content));
        string expected = MnistFiles.Sha256[name];
        if (actual != expected)
        {
            throw new DataFileException(
                path,
                $"SHA-256 of its content is {actual}, expected {expected}: the file is corrupt, truncated or not the original {name}");
        }
    }

    private static LabeledImages LoadPair(string folder, string imagesName, string labelsName)
    {
        string imagesPath = Require(folder, imagesName);
        string labelsPath = Require(folder, labelsName);
        // Structure first (its messages say more than a checksum), then the pair, then the checksums.
        byte[] imageContent = IdxFile.ReadContent(imagesPath);
        byte[] labelContent = IdxFile.ReadContent(labelsPath);
        LabeledImages pair = IdxPair.Pair(IdxFile.ParseImages(imagesPath, imageContent), imagesPath, IdxFile.ParseLabels(labelsPath, labelContent), labelsPath);
        VerifyChecksum(imagesPath, imagesName, imageContent);
        VerifyChecksum(labelsPath, labelsName, labelContent);
        return pair;
    }

    private static string Require(string folder, string name)
        => MnistFiles.Find(folder, name)
           ?? throw new DataFileException(System.IO.Path.Combine(folder, name), $"file not found (also looked for {name}.gz)");
}
