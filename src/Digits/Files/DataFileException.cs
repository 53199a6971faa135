namespace Digits.Files;

/// <summary>
/// A data or model file is missing, truncated, corrupt or of the wrong kind. The message names the
/// file and says what is wrong, so it can be shown to a user as it is.
/// </summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file concerned.</param>
    /// <param name="problem">What is wrong with it, as a sentence fragment.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DataFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Gets the file concerned.</summary>
    public string Path { get; }

    /// <summary>Gets what is wrong with the file.</summary>
    public string Problem { get; }
}
