namespace Digits.Profiles;

/// <summary>A profile already holds as many examples as it may (the web app's per-profile limit).</summary>
public sealed class ProfileFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="limit">The most examples it may hold.</param>
    public ProfileFullException(string profile, int limit)
        : base($"profile {profile} already holds the most examples it may ({limit}); delete some first")
    {
        Profile = profile;
        Limit = limit;
    }

    /// <summary>Gets the profile.</summary>
    public string Profile { get; }

    /// <summary>Gets the most examples it may hold.</summary>
    public int Limit { get; }
}
