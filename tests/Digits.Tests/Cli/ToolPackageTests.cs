using System.Diagnostics;
using System.Text.Json;
using OpenCvSharp;

namespace Digits.Tests.Cli;

/// <summary>The <c>digits</c> .NET tool as a user gets it: packed, installed from the packed folder, run from another folder.</summary>
[Trait("Category", "Slow")]
public sealed class ToolPackageTests
{
    [Fact]
    public void PackedTool_InstalledIntoAToolPath_ReadsAPhotoFromAnotherFolder()
    {
        using var folder = new TempFolder();
        string packages = folder.File("packages"), tools = folder.File("tools"), elsewhere = folder.File("elsewhere");
        Directory.CreateDirectory(elsewhere);

        // Given: the CLI packed as a tool (from the build the tests already have) and installed into a tool path
        Run("dotnet", TestPaths.RepositoryRoot, "pack", Path.Combine("src", "Digits.Cli"), "-c", "Release", "--no-build", "-o", packages);
        Assert.Single(Directory.GetFiles(packages, "Digits.Cli.*.nupkg"));
        Run("dotnet", elsewhere, "tool", "install", "Digits.Cli", "--tool-path", tools, "--add-source", packages);

        // And: a photo of a 7, dark ink on white paper
        var mnist = Digits.Data.MnistData.Load(TestPaths.MnistFolder);
        using (var ink = new Mat(28, 28, MatType.CV_8UC1))
        {
            ink.SetArray(mnist.Test.Images[0].ToArray());
            using var paper = new Mat();
            Cv2.BitwiseNot(ink, paper);
            using var large = new Mat();
            Cv2.Resize(paper, large, new Size(280, 280), 0, 0, InterpolationFlags.Cubic);
            Cv2.ImWrite(Path.Combine(elsewhere, "digit.png"), large);
        }

        // When: the installed command reads it, run from a folder that is not the repository
        string json = Run(Path.Combine(tools, "digits"), elsewhere, "predict", "digit.png", "--json");

        // Then
        var result = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal(mnist.Test.Labels[0].ToString(), result.GetProperty("text").GetString());
    }

    private static string Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DIGITS_DATA"] = TestPaths.MnistFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 4 minutes");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}{output.Result}");
        return output.Result;
    }
}
