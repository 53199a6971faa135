namespace Digits.Photos;

/// <summary>An image could not be read: not an image, empty, truncated, or too large. The message says which and why.</summary>
public sealed class PhotoException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, suitable for a user.</param>
    /// <param name="tooLarge">Whether the image was refused for its size.</param>
    public PhotoException(string message, bool tooLarge = false)
        : base(message)
    {
        TooLarge = tooLarge;
    }

    /// <summary>Gets a value indicating whether the image was refused because it is too large.</summary>
    public bool TooLarge { get; }
}
