namespace Digits.Data;

/// <summary>Progress of one file being fetched.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Bytes">Bytes received so far.</param>
/// <param name="TotalBytes">Expected total, when the server says.</param>
public readonly record struct DownloadProgress(string File, long Bytes, long? TotalBytes);
