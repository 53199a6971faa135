using System.Globalization;

namespace Digits.Fuzz;

/// <summary>
/// The process's peak resident memory (Linux <c>VmHWM</c>), which, unlike the managed allocation count, also sees
/// what native code such as OpenCV's decoders takes. <see cref="Reset"/> starts a new peak.
/// </summary>
public static class PeakMemory
{
    /// <summary>Starts a new peak at the present resident memory (writes 5 to /proc/self/clear_refs).</summary>
    /// <returns>False where the system does not allow it; the peak is then unknown.</returns>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident memory since the last <see cref="Reset"/>, in bytes.</summary>
    /// <returns>The peak, or null when the system does not report it.</returns>
    public static long? Bytes() => Field("VmHWM:");

    /// <summary>The resident memory now, in bytes.</summary>
    /// <returns>The resident memory, or null when the system does not report it.</returns>
    public static long? ResidentBytes() => Field("VmRSS:");

    private static long? Field(string name)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    string kilobytes = line[name.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
