using System.Reflection;
using Digits.Classifiers;

namespace Digits.Tests.Architecture;

/// <summary>
/// The assemblies depend on each other in one direction only, and the core needs no native library: someone who
/// classifies 28x28 arrays references Digits alone.
/// </summary>
[Trait("Category", "Fast")]
public sealed class AssemblyDependencyTests
{
    private static readonly Assembly Core = typeof(IDigitClassifier).Assembly;
    private static readonly Assembly Photos = typeof(Digits.Photos.PhotoReader).Assembly;
    private static readonly Assembly Reports = typeof(Digits.Reports.ConfusionHeatmap).Assembly;
    private static readonly Assembly Web = typeof(Digits.Web.DigitsWebApp).Assembly;
    private static readonly Assembly Profiles = typeof(Digits.Profiles.ExampleStore).Assembly;
    private static readonly Assembly Onnx = typeof(Digits.Onnx.OnnxExport).Assembly;

    [Fact]
    public void Core_ReferencesNoNativePackageAndNoOtherDigitsAssembly()
    {
        string[] references = Names(Core);
        Assert.DoesNotContain(references, r => r.StartsWith("OpenCvSharp", StringComparison.Ordinal) || r.StartsWith("ScottPlot", StringComparison.Ordinal) || r.StartsWith("SkiaSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Digits", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreProject_HasNoNativePackageReference()
    {
        string project = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "Digits", "Digits.csproj"));
        Assert.DoesNotContain("OpenCvSharp", project);
        Assert.DoesNotContain("ScottPlot", project);
    }

    [Fact]
    public void PhotosReportsProfilesAndOnnx_DependOnTheCoreOnly_AndNotOnEachOther()
    {
        Assert.Equal(["Digits"], DigitsReferences(Onnx));
        Assert.DoesNotContain(Names(Onnx), r => r.StartsWith("OpenCvSharp", StringComparison.Ordinal));
        Assert.Equal(["Digits"], DigitsReferences(Photos));
        Assert.Equal(["Digits"], DigitsReferences(Reports));
        Assert.Equal(["Digits"], DigitsReferences(Profiles));
        Assert.DoesNotContain(Names(Profiles), r => r.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_DependsOnLibrariesOnly_NeverOnTheCli()
    {
        Assert.DoesNotContain("Digits.Cli", DigitsReferences(Web));
        Assert.Contains("Digits", DigitsReferences(Web));
    }

    private static string[] Names(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    private static string[] DigitsReferences(Assembly assembly)
        => Names(assembly).Where(n => n == "Digits" || n.StartsWith("Digits.", StringComparison.Ordinal)).Order().ToArray();
}
