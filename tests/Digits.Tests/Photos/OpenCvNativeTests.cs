using Digits.Photos;
using Digits.Tests.Cli;

namespace Digits.Tests.Photos;

[Trait("Category", "Mnist")]
public sealed class OpenCvNativeTests
{
    [Fact]
    public void Explain_MissingGtk_NamesTheLibraryAndTheInstallCommandInOneLine()
    {
        var error = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods", new DllNotFoundException(
            "Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. " +
            "If you're using glibc, consider setting the LD_DEBUG environment variable: \nlibgtk-3.so.0: cannot open shared object file: No such file or directory"));

        string line = OpenCvNative.Explain(error);

        Assert.DoesNotContain("\n", line);
        Assert.Contains("libgtk-3.so.0", line);
        Assert.Contains("apt-get install libgtk-3-0", line);
    }

    [Fact]
    public void Explain_LoaderListingEveryPathItTried_NamesTheMissingDependency()
    {
        var error = new DllNotFoundException(
            "Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies.\n" +
            "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libOpenCvSharpExtern.so: cannot open shared object file: No such file or directory\n" +
            "libgtk-3.so.0: cannot open shared object file: No such file or directory\n" +
            "/app/libOpenCvSharpExtern.so: cannot open shared object file: No such file or directory");

        string line = OpenCvNative.Explain(error);

        Assert.Contains("needs libgtk-3.so.0", line);
        Assert.Contains("apt-get install libgtk-3-0", line);
    }

    [Fact]
    public void Problem_OnThisMachine_IsNone()
    {
        Assert.Null(OpenCvNative.Problem);
    }

    [Fact]
    public void Predict_WhenTheNativeLibraryIsMissing_SaysSoInOneLineAndExits3()
    {
        // Given: the loader pointed at a library file that does not exist
        var environment = new Dictionary<string, string?> { [OpenCvNative.LibraryVariable] = "/nonexistent/libOpenCvSharpExtern.so" };

        // When
        var result = CliRunner.Run(environment, "predict", "any-photo.jpg");

        // Then: one line on stderr, no stack trace, the exit code for a missing native library
        Assert.Equal(3, result.ExitCode);
        string[] lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("photos cannot be read", lines[0]);
        Assert.Contains("apt-get install", lines[0]);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
