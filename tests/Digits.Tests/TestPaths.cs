namespace Digits.Tests;

/// <summary>Where tests find the shared data: <c>DIGITS_DATA</c>, else <c>../shared</c> beside the repository.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedFolder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string MnistFolder
        => Environment.GetEnvironmentVariable("DIGITS_DATA") is { Length: > 0 } env ? env : Path.Combine(SharedFolder, "data", "mnist");

    public static string PhotosFolder
        => Environment.GetEnvironmentVariable("DIGITS_PHOTOS") is { Length: > 0 } env ? env : Path.Combine(SharedFolder, "photos");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Digits.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Digits.slnx not found above {AppContext.BaseDirectory}");
    }
}
