using System.Globalization;

namespace Digits.Web.Hosting;

/// <summary>
/// How much the server takes on before it says no: slow and oversized requests, and more recognition work than
/// the cores can do promptly. Every limit is read from configuration (<c>Digits:Limits:NAME</c>, for example
/// <c>--Digits:Limits:PixelQueue=64</c> or the environment variable <c>Digits__Limits__PixelQueue</c>); the
/// defaults are below and in the README.
/// </summary>
public sealed record ServerLimits
{
    /// <summary>Gets the seconds a client has to send all its request headers (slowloris); default 10.</summary>
    public int HeadersTimeoutSeconds { get; init; } = 10;

    /// <summary>Gets the total size of a request's headers, in KB; default 32.</summary>
    public int MaxHeadersKb { get; init; } = 32;

    /// <summary>Gets the slowest a request body may arrive, in bytes a second, after a 5-second grace; default 1,000.</summary>
    public int MinBodyBytesPerSecond { get; init; } = 1000;

    /// <summary>Gets the seconds an idle kept-alive connection stays open; default 30.</summary>
    public int KeepAliveSeconds { get; init; } = 30;

    /// <summary>Gets the seconds a request may take before it is answered 504; default 30.</summary>
    public int RequestTimeoutSeconds { get; init; } = 30;

    /// <summary>Gets the drawings read at once; default twice the cores.</summary>
    public int PixelConcurrency { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>Gets the drawings waiting for a turn before more are refused with 503 and Retry-After; default 32.</summary>
    public int PixelQueue { get; init; } = 32;

    /// <summary>Gets the longest a drawing waits in the queue before it is refused with 503 and Retry-After, in ms; default 50.</summary>
    public int PixelQueueWaitMs { get; init; } = 50;

    /// <summary>Gets the photos read at once; default the cores.</summary>
    public int PhotoConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets the photos waiting for a turn before more are refused with 503 and Retry-After; default 8.</summary>
    public int PhotoQueue { get; init; } = 8;

    /// <summary>Gets the longest a photo waits in the queue before it is refused with 503 and Retry-After, in ms; default 5,000.</summary>
    public int PhotoQueueWaitMs { get; init; } = 5000;

    /// <summary>Gets the seconds a refused client is told to wait (Retry-After); default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>The limits in <paramref name="configuration"/>'s <c>Digits:Limits</c> section, defaults for the rest.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The limits.</returns>
    /// <exception cref="InvalidOperationException">A limit is not a whole number, or is below its least sensible value.</exception>
    public static ServerLimits From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection("Digits:Limits");
        var defaults = new ServerLimits();
        return new ServerLimits
        {
            HeadersTimeoutSeconds = Read(section, nameof(HeadersTimeoutSeconds), defaults.HeadersTimeoutSeconds, 1),
            MaxHeadersKb = Read(section, nameof(MaxHeadersKb), defaults.MaxHeadersKb, 4),
            MinBodyBytesPerSecond = Read(section, nameof(MinBodyBytesPerSecond), defaults.MinBodyBytesPerSecond, 0),
            KeepAliveSeconds = Read(section, nameof(KeepAliveSeconds), defaults.KeepAliveSeconds, 1),
            RequestTimeoutSeconds = Read(section, nameof(RequestTimeoutSeconds), defaults.RequestTimeoutSeconds, 1),
            PixelConcurrency = Read(section, nameof(PixelConcurrency), defaults.PixelConcurrency, 1),
            PixelQueue = Read(section, nameof(PixelQueue), defaults.PixelQueue, 0),
            PixelQueueWaitMs = Read(section, nameof(PixelQueueWaitMs), defaults.PixelQueueWaitMs, 1),
            PhotoConcurrency = Read(section, nameof(PhotoConcurrency), defaults.PhotoConcurrency, 1),
            PhotoQueue = Read(section, nameof(PhotoQueue), defaults.PhotoQueue, 0),
            PhotoQueueWaitMs = Read(section, nameof(PhotoQueueWaitMs), defaults.PhotoQueueWaitMs, 1),
            RetryAfterSeconds = Read(section, nameof(RetryAfterSeconds), defaults.RetryAfterSeconds, 1),
        };
    }

    private static int Read(IConfigurationSection section, string name, int fallback, int least)
    {
        string? text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < least)
        {
            throw new InvalidOperationException($"Digits:Limits:{name} is '{text}'; expected a whole number of at least {least}");
        }

        return value;
    }
}
