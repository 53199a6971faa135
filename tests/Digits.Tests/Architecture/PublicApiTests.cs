using System.Reflection;
using PublicApiGenerator;

namespace Digits.Tests.Architecture;

/// <summary>
/// Each library's public API, compared with the snapshot beside this file, so that no change to it goes
/// unnoticed. After a deliberate change, write the snapshots again with
/// <c>DIGITS_UPDATE_API=1 dotnet test --filter "FullyQualifiedName~PublicApi"</c> and commit them.
/// </summary>
[Trait("Category", "Fast")]
public sealed class PublicApiTests
{
    public static TheoryData<string> Libraries() => ["Digits", "Digits.Onnx", "Digits.Photos", "Digits.Profiles", "Digits.Reports"];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicApi_EqualsTheSnapshot(string library)
    {
        Assembly assembly = Assembly.Load(library);
        string api = assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"] }).ReplaceLineEndings("\n");
        string snapshot = Path.Combine(TestPaths.RepositoryRoot, "tests", "Digits.Tests", "Architecture", "PublicApi", library + ".txt");
        if (Environment.GetEnvironmentVariable("DIGITS_UPDATE_API") == "1")
        {
            File.WriteAllText(snapshot, api);
        }

        Assert.True(File.Exists(snapshot), $"no snapshot of {library}'s public API at {snapshot}; write it with DIGITS_UPDATE_API=1");
        string expected = File.ReadAllText(snapshot).ReplaceLineEndings("\n");
        Assert.True(expected == api, $"{library}'s public API changed; if that is meant, write the snapshot again with DIGITS_UPDATE_API=1 and commit it. First difference near: {FirstDifference(expected, api)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "(end)", right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}: snapshot '{left.Trim()}', now '{right.Trim()}'";
            }
        }

        return "(none)";
    }
}
