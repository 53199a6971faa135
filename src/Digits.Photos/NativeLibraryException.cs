namespace Digits.Photos;

/// <summary>
/// OpenCV's native library, which reads photos, cannot be loaded on this machine. The message says in one line
/// what is missing and the command that installs it; reading 28x28 images needs no native library.
/// </summary>
public sealed class NativeLibraryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line: what is missing and how to install it.</param>
    /// <param name="inner">The loader's own error.</param>
    public NativeLibraryException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
