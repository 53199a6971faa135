using System.Diagnostics;
using System.Text.Json;

namespace Digits.Cli.Commands.Bench;

/// <summary>Runs <c>bench/peers.py</c> with Debian's Python for one peer library, when it is installed.</summary>
internal static class PeerRunner
{
    public sealed record PeerResult(string Peer, string Version, double Seconds, double Accuracy, byte[] Predictions);

    /// <summary>Finds bench/peers.py above the current folder or the program's folder.</summary>
    public static string? FindScript()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "peers.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs one peer; returns null with a reason when it cannot run here.</summary>
    public static (PeerResult? Result, string? Skipped) Run(string script, string peer, string dataFolder, TimeSpan timeout)
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        string predictions = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { script, peer, "--data", dataFolder, "--out", predictions })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} could not be started");
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, $"timed out after {timeout.TotalSeconds:F0} s");
            }

            if (process.ExitCode != 0)
            {
                string last = error.Result.Trim().Split('\n').LastOrDefault() ?? "";
                return (null, last.Contains("No module named", StringComparison.Ordinal) ? $"not installed ({last})" : $"failed: {last}");
            }

            using var json = JsonDocument.Parse(output.Result.Trim().Split('\n').Last());
            var root = json.RootElement;
            byte[] predicted = File.ReadAllLines(predictions).Select(byte.Parse).ToArray();
            return (new PeerResult(peer, root.GetProperty("version").GetString() ?? "", root.GetProperty("seconds").GetDouble(), root.GetProperty("accuracy").GetDouble(), predicted), null);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or JsonException or FormatException)
        {
            return (null, ex.Message);
        }
        finally
        {
            File.Delete(predictions);
        }
    }
}
