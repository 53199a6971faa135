using System.Reflection;

namespace Digits.Tests.Architecture;

/// <summary>
/// Every test class says its tier, so <c>dotnet test --filter "Category=Fast"</c> is the quick loop (no MNIST,
/// no browser; seconds) and CI runs everything: Fast, Mnist (loads MNIST or fits models), Browser (Chromium),
/// Slow (packs and installs the tool).
/// </summary>
[Trait("Category", "Fast")]
public sealed class TestCategoryTests
{
    private static readonly string[] Tiers = ["Fast", "Mnist", "Browser", "Slow"];

    [Fact]
    public void EveryTestClass_HasExactlyOneKnownCategory()
    {
        var testClasses = typeof(TestCategoryTests).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()));
        var wrong = testClasses
            .Select(t => (Type: t, Categories: Categories(t)))
            .Where(c => c.Categories.Length != 1 || !Tiers.Contains(c.Categories[0]))
            .Select(c => $"{c.Type.Name}: [{string.Join(", ", c.Categories)}]")
            .ToArray();
        Assert.True(wrong.Length == 0, "test classes without exactly one Category trait of " + string.Join("/", Tiers) + ": " + string.Join("; ", wrong));
    }

    // TraitAttribute keeps its name and value only as constructor arguments.
    private static string[] Categories(Type type)
        => type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Category")
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToArray();
}
