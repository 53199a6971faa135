using System.Security.Cryptography;
using System.Text;
using Digits.Profiles;

namespace Digits.Web.Hosting;

/// <summary>
/// Who a browser is, for teaching: a random profile id in an HttpOnly, SameSite=Strict cookie, signed with a
/// secret kept in the example store (HMAC-SHA256), so that no one can read or change another's profile by
/// guessing or forging an id, and a cookie from another server (or another store) is recognised as not ours.
/// No accounts: clearing the cookie starts a new, empty profile.
/// </summary>
internal sealed class ProfileCookie(ExampleStore store)
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "digits_profile";

    private const string Prefix = "web-";

    private readonly Lazy<byte[]> _key = new(() => store.Secret("profile-cookie"));

    /// <summary>What the request's cookie says.</summary>
    public enum State
    {
        /// <summary>No cookie: a new profile is made on the first write.</summary>
        None,

        /// <summary>A cookie this server signed.</summary>
        Valid,

        /// <summary>A cookie that is malformed or was not signed here.</summary>
        NotOurs,
    }

    /// <summary>Reads the request's profile: its name in the store when the cookie is valid.</summary>
    public (State State, string? Profile) Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out string? value) || string.IsNullOrEmpty(value))
        {
            return (State.None, null);
        }

        int dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot != 32 || !value[..dot].All(char.IsAsciiHexDigitLower))
        {
            return (State.NotOurs, null);
        }

        string id = value[..dot];
        byte[] expected = Encoding.ASCII.GetBytes(Sign(id));
        byte[] given = Encoding.ASCII.GetBytes(value[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? (State.Valid, Prefix + id) : (State.NotOurs, null);
    }

    /// <summary>The request's profile, making a new one (and setting its cookie on the response) when it has none.</summary>
    /// <returns>The profile's name, or null when the request's cookie is not ours (it is then cleared).</returns>
    public string? ReadOrIssue(HttpContext context)
    {
        var (state, profile) = Read(context.Request);
        switch (state)
        {
            case State.Valid:
                return profile;
            case State.NotOurs:
                context.Response.Cookies.Delete(Name, Options(context.Request));
                return null;
            default:
                string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                context.Response.Cookies.Append(Name, $"{id}.{Sign(id)}", Options(context.Request));
                return Prefix + id;
        }
    }

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = TimeSpan.FromDays(400),
    };

    private string Sign(string id)
        => Convert.ToBase64String(HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(id)))[..32].Replace('+', '-').Replace('/', '_');
}
