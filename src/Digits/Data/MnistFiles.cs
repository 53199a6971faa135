namespace Digits.Data;

/// <summary>The four original MNIST files, with the SHA-256 of each file's decompressed content.</summary>
public static class MnistFiles
{
    /// <summary>Training images (60,000 x 28 x 28).</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>Training labels (60,000).</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>Test images (10,000 x 28 x 28).</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>Test labels (10,000).</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>Gets the four file names, training first.</summary>
    public static IReadOnlyList<string> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Gets the SHA-256 (lower-case hex) of each file's raw, decompressed content.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        [TestImages] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [TestLabels] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        [TrainImages] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [TrainLabels] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    };

    /// <summary>
    /// Finds <paramref name="name"/> in <paramref name="folder"/>, raw or with a <c>.gz</c> suffix.
    /// </summary>
    /// <param name="folder">Folder to look in.</param>
    /// <param name="name">One of the four file names.</param>
    /// <returns>The path found, or <c>null</c>.</returns>
    public static string? Find(string folder, string name)
    {
        string raw = System.IO.Path.Combine(folder, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }
}
