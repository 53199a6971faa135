namespace Digits.Kernels;

/// <summary>Which vector path every hot kernel takes in this process, for reports (<c>digits bench</c>, <c>digits eval</c>).</summary>
public static class KernelPaths
{
    /// <summary>Gets each hot kernel's name and the width it runs at.</summary>
    public static IReadOnlyList<(string Kernel, SimdWidth Width)> All { get; } =
    [
        ("byte distances", ByteDistance.Path),
        ("quantized bound", QuantizedBound.Path),
        ("IDM distance", DeformationDistance.Path),
        ("gradient planes", SimdWidths.Widest),
        ("convolution", Convolution.Path),
    ];

    /// <summary>One line such as <c>512-bit (AVX-512): byte distances, quantized bound, ...</c>, or each kernel with its width when they differ.</summary>
    /// <returns>The line.</returns>
    public static string Describe()
    {
        string kernels = All.All(k => k.Width == SimdWidths.Widest)
            ? $"{SimdWidths.Describe()} for {string.Join(", ", All.Select(k => k.Kernel))}"
            : string.Join(", ", All.Select(k => $"{k.Kernel} {k.Width.Name()}"));
        string? stale = Environment.GetEnvironmentVariable("DOTNET_EnableAVX512F") == "0" && SimdWidths.Widest == SimdWidth.Bits512
            ? " (DOTNET_EnableAVX512F=0 is ignored by .NET 10: use DOTNET_EnableAVX512=0)"
            : null;
        return kernels + stale;
    }
}
