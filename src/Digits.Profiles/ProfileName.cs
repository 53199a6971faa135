namespace Digits.Profiles;

/// <summary>
/// What a profile may be called: 1 to 64 letters, digits, '.', '_' or '-' (so a name is safe in a file name,
/// a URL and a cookie). The web app's profiles are random ids of this form.
/// </summary>
public static class ProfileName
{
    /// <summary>The longest name.</summary>
    public const int MaximumLength = 64;

    /// <summary>The profile used when none is named.</summary>
    public const string Default = "default";

    /// <summary>Returns whether <paramref name="name"/> is a valid profile name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when it can name a profile.</returns>
    public static bool IsValid(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= MaximumLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Checks <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">It is not a valid profile name; the message says why.</exception>
    public static string Check(string? name)
        => IsValid(name) ? name! : throw new ArgumentException($"profile name \"{name}\" is not valid: use 1 to {MaximumLength} letters, digits, '.', '_' or '-'", nameof(name));
}
