namespace Digits.Profiles;

/// <summary>Where the example store lives when the user does not say: the per-user data folder.</summary>
public static class StoreLocation
{
    /// <summary>
    /// Gets the default store: <c>$XDG_DATA_HOME/digits/examples.db</c>, else
    /// <c>~/.local/share/digits/examples.db</c>.
    /// </summary>
    /// <param name="environment">Reads an environment variable (for tests); defaults to the process's.</param>
    /// <returns>The path (the file may not exist yet).</returns>
    public static string Default(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? data = environment("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(data) || !Path.IsPathRooted(data))
        {
            // The XDG rule: a relative XDG_DATA_HOME is ignored.
            string home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            data = Path.Combine(home, ".local", "share");
        }

        return Path.Combine(data, "digits", "examples.db");
    }
}
