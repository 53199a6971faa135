using Digits.Files;

namespace Digits.Web.Hosting;

/// <summary>Settings of the web app, from configuration (<c>Digits:Data</c>, <c>Digits:Model</c>) or the <c>digits serve</c> options.</summary>
public sealed record WebOptions
{
    /// <summary>Gets the MNIST folder; when empty the usual search (DIGITS_DATA, cache, download) applies.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Gets a model file to serve instead of fitting the default model.</summary>
    public string? ModelFile { get; init; }

    /// <summary>
    /// Gets how many megabytes the .NET heap may grow beyond the loaded model before it must collect
    /// (<c>Digits:HeapHeadroomMb</c>); 0 leaves the runtime's default. <c>digits serve</c> sets 96: the server is
    /// the only thing in its process, and without a bound the heap let garbage pile up to twice the model's size
    /// under load. Requests need little of it (a photo allocates about 0.3 MB of .NET memory).
    /// </summary>
    public int HeapHeadroomMb { get; init; }

    /// <summary>Gets the largest accepted upload in bytes. Defaults to 10 MB.</summary>
    public long MaxUploadBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Gets the SQLite file of the users' taught examples (<c>Digits:Store</c>); defaults to <see cref="Profiles.StoreLocation.Default"/>.</summary>
    public string? StorePath { get; init; }

    /// <summary>Gets the most examples one profile may hold (<c>Digits:MaxExamplesPerProfile</c>). Defaults to 2,000.</summary>
    public int MaxExamplesPerProfile { get; init; } = 2000;

    /// <summary>
    /// Gets the network file (saved by <c>digits train --cnn</c>) the phone app runs on the device
    /// (<c>Digits:DeviceNetwork</c>); by default the shipped device network. A new one makes the installed apps
    /// replace their offline copy at their next visit.
    /// </summary>
    public string? DeviceNetworkFile { get; init; }

    /// <summary>Gets the most corrections (and imports) one profile may send per minute (<c>Digits:CorrectionsPerMinute</c>). Defaults to 60.</summary>
    public int CorrectionsPerMinute { get; init; } = 60;
}
