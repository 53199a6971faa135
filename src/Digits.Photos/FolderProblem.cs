namespace Digits.Photos;

/// <summary>Why a file of a <see cref="LabeledFolder"/> was left out or is scored with a warning.</summary>
public enum FolderProblemKind
{
    /// <summary>Its label cannot be told from its name or folder.</summary>
    NoLabel,

    /// <summary>It is not an image, or it is corrupt, truncated or unreadable.</summary>
    Unreadable,

    /// <summary>The pipeline found no digit in it.</summary>
    NoDigit,

    /// <summary>With <c>--as-is</c>, it is not 28x28.</summary>
    WrongSize,

    /// <summary>The pipeline found more than one digit in it (the largest is scored).</summary>
    SeveralDigits,
}

/// <summary>A file of a <see cref="LabeledFolder"/> and what is wrong with it.</summary>
/// <param name="File">The file.</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Reason">What is wrong, for the user.</param>
public sealed record FolderProblem(string File, FolderProblemKind Kind, string Reason);
