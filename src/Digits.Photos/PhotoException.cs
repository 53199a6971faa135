namespace Digits.Photos;

/// <summary>An image could not be read: not an image, empty, truncated, or too large. The message says which and why.</summary>
public sealed class PhotoException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, suitable for a user.</param>
    /// <param name="tooLarge">Whether the image was refused for its size.</param>
    /// <param name="notAnImage">Whether the content is not in any image format this program reads.</param>
    public PhotoException(string message, bool tooLarge = false, bool notAnImage = false)
        : base(message)
    {
        TooLarge = tooLarge;
        NotAnImage = notAnImage;
    }

    /// <summary>Gets a value indicating whether the content is not in any image format this program reads.</summary>
    public bool NotAnImage { get; }

    /// <summary>Gets a value indicating whether the image was refused because it is too large.</summary>
    public bool TooLarge { get; }
}
