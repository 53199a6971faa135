using System.Reflection;
using Digits.Kernels;
using Xunit.Sdk;

namespace Digits.Tests.Kernels;

/// <summary>
/// Supplies one <see cref="SimdWidth"/> to a theory, or skips it with the reason when this process cannot run
/// that width (the CPU lacks it, or <c>DOTNET_EnableAVX512F=0</c> / <c>DOTNET_EnableAVX2=0</c> turned it off).
/// Put one per width on a kernel test so that every path the machine can run is tested and the others say why not.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class SimdWidthDataAttribute : DataAttribute
{
    public SimdWidthDataAttribute(SimdWidth width)
    {
        Width = width;
        if (!SimdWidths.IsAvailable(width))
        {
            Skip = $"this process has no {width.Name()} vectors (CPU: {SimdWidths.Describe()}); run on a machine that has them";
        }
    }

    public SimdWidth Width { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Width]];
}
