using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Checks once that OpenCV's native library (<c>OpenCvSharpExtern</c>) loads, and turns the loader's error (a
/// 30-line stack trace from deep inside OpenCvSharp) into one line that names the missing library and the
/// command that installs it. The official Linux runtime links against GTK 3, which a bare Debian or Ubuntu
/// machine lacks.
/// </summary>
public static partial class OpenCvNative
{
    /// <summary>The environment variable that names the native library's file instead of the usual search (for tests and unusual installs).</summary>
    public const string LibraryVariable = "DIGITS_OPENCV_LIBRARY";

    private static readonly Lazy<NativeLibraryException?> Failure = new(Probe);

    /// <summary>Gets why the native library cannot be used here, or <see langword="null"/> when it loads.</summary>
    public static string? Problem => Failure.Value?.Message;

    /// <summary>Throws when the native library cannot be loaded.</summary>
    /// <exception cref="NativeLibraryException">It cannot; the message says what is missing and how to install it.</exception>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } failure)
        {
            throw new NativeLibraryException(failure.Message, failure.InnerException);
        }
    }

    /// <summary>The one-line explanation of a loader error (internal for tests).</summary>
    /// <param name="error">The loader's error, for example "libgtk-3.so.0: cannot open shared object file".</param>
    /// <returns>The line.</returns>
    internal static string Explain(Exception error)
    {
        string detail = string.Join(" ", Flatten(error).Select(e => e.Message));
        // The loader lists every path it tried; a dependency it could not open (GTK) says more than the wrapper's
        // own name, which it also fails to find on the paths where it does not live.
        string[] missing = SharedObject().Matches(detail).Select(m => Path.GetFileName(m.Groups[1].Value)).Distinct().ToArray();
        string what = missing.FirstOrDefault(m => !m.StartsWith("libOpenCvSharpExtern", StringComparison.Ordinal)) ?? missing.FirstOrDefault() ?? "OpenCvSharpExtern";
        string install = what.StartsWith("libgtk-3", StringComparison.Ordinal) ? "sudo apt-get install libgtk-3-0"
            : what.StartsWith("libgdk", StringComparison.Ordinal) ? "sudo apt-get install libgtk-3-0"
            : what.StartsWith("libtesseract", StringComparison.Ordinal) ? "sudo apt-get install libtesseract5"
            : what.StartsWith("libavcodec", StringComparison.Ordinal) || what.StartsWith("libavformat", StringComparison.Ordinal) ? "sudo apt-get install ffmpeg"
            : "sudo apt-get install libgtk-3-0 (OpenCV's runtime needs GTK 3; see the README)";
        return $"photos cannot be read: OpenCV's native library needs {what}, which this machine lacks; on Debian or Ubuntu install it with: {install}";
    }

    private static NativeLibraryException? Probe()
    {
        try
        {
            if (Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } path)
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
            }

            using var probe = new Mat(1, 1, MatType.CV_8UC1);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return new NativeLibraryException(Explain(ex), ex);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [GeneratedRegex(@"([^\s:]*lib[A-Za-z0-9_+\-.]*?\.so(?:\.[0-9]+)*)\s*:\s*cannot open")]
    private static partial Regex SharedObject();
}
