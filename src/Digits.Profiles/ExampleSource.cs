namespace Digits.Profiles;

/// <summary>Where a personal example came from.</summary>
public enum ExampleSource
{
    /// <summary>Drawn on the web page's canvas.</summary>
    Drawing,

    /// <summary>A photo or scan of one digit (<c>digits teach</c>, or a correction of a photo read on the web page).</summary>
    Photo,

    /// <summary>Read from a profile export file.</summary>
    Import,
}
