namespace Digits.Web.Hosting;

/// <summary>Settings of the web app, from configuration (<c>Digits:Data</c>, <c>Digits:Model</c>) or the <c>digits serve</c> options.</summary>
public sealed record WebOptions
{
    /// <summary>Gets the MNIST folder; when empty the usual search (DIGITS_DATA, cache, download) applies.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Gets a model file to serve instead of fitting the default model.</summary>
    public string? ModelFile { get; init; }

    /// <summary>Gets the largest accepted upload in bytes. Defaults to 10 MB.</summary>
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;
}
