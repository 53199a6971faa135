namespace Digits.Files;

/// <summary>
/// Writes a file so that readers only ever see the old content or the complete new content:
/// the data goes to a temporary file beside the destination, which is flushed and then renamed over it.
/// If writing fails, the temporary file is deleted and the destination is untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// For fault tests only: wraps the stream every write in this async flow goes through (for example one that
    /// fails midway, as a full disk does), so a test can check what a failed save leaves behind.
    /// </summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> StreamForTests = new();

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">Destination file; its folder is created when missing.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        string temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(StreamForTests.Value?.Invoke(stream) ?? stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes text to <paramref name="path"/>, atomically, as UTF-8.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text)
        => Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });
}
