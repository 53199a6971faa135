namespace Digits.Tests;

/// <summary>Where tests find the shared data: <c>DIGITS_DATA</c>, else <c>../shared</c> beside the repository.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Gets the MNIST folder; fails, saying what the test needs, when it is not there.</summary>
    public static string MnistFolder => Existing(
        Environment.GetEnvironmentVariable("DIGITS_DATA") is { Length: > 0 } env ? env : Path.Combine(SharedFolder, "data", "mnist"),
        "the four MNIST files: set DIGITS_DATA to their folder, or put ../shared/data/mnist beside the repository");

    /// <summary>Gets the folder of real photos; fails, saying what the test needs, when it is not there.</summary>
    public static string PhotosFolder => Existing(
        Environment.GetEnvironmentVariable("DIGITS_PHOTOS") is { Length: > 0 } env ? env : Path.Combine(SharedFolder, "photos"),
        "the real photos of handwritten digits: set DIGITS_PHOTOS to their folder, or put ../shared/photos beside the repository");

    /// <summary>Gets the folder of real handwriting (cheques, numbers, pages, cells); fails, saying what the test needs, when it is not there.</summary>
    public static string RealFolder => Existing(
        Environment.GetEnvironmentVariable("DIGITS_REAL") is { Length: > 0 } env ? env : Path.Combine(SharedFolder, "real"),
        "the real handwriting (cheques, numbers, pages, cells with TRUTH.json): set DIGITS_REAL to its folder, or put ../shared/real beside the repository");

    private static string Existing(string folder, string needs)
        => Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"This test needs {needs}; {folder} does not exist.");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Digits.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Digits.slnx not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A new example store's path in the temporary folder, so tests never write the user's data folder.</summary>
    public static string TempStore() => Path.Combine(Path.GetTempPath(), $"digits-tests-{Guid.NewGuid():N}.db");
}
