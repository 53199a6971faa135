using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// The vector width a kernel path uses. Every hot kernel has one path per width (512, 256 and 128 bits, then
/// scalar) and takes the widest the CPU accelerates: <see cref="SimdWidths.Widest"/>. Turning instruction sets off
/// (<c>DOTNET_EnableAVX512F=0</c> for the 256-bit paths, <c>DOTNET_EnableAVX2=0</c> for the 128-bit paths)
/// selects the narrower paths on the same machine.
/// </summary>
public enum SimdWidth
{
    /// <summary>Plain scalar code, one element at a time.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors: SSE on x86, NEON on ARM64.</summary>
    Bits128 = 128,

    /// <summary>256-bit vectors: AVX2 on x86.</summary>
    Bits256 = 256,

    /// <summary>512-bit vectors: AVX-512 on x86.</summary>
    Bits512 = 512,
}

/// <summary>Which <see cref="SimdWidth"/> paths this process can run.</summary>
public static class SimdWidths
{
    /// <summary>Gets the widest width the CPU accelerates (what every kernel's public method takes).</summary>
    public static SimdWidth Widest { get; } = Vector512.IsHardwareAccelerated ? SimdWidth.Bits512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Bits256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Bits128
        : SimdWidth.Scalar;

    /// <summary>Gets every width this process can run, widest first, scalar last.</summary>
    public static IReadOnlyList<SimdWidth> Available { get; } =
        new[] { SimdWidth.Bits512, SimdWidth.Bits256, SimdWidth.Bits128, SimdWidth.Scalar }.Where(IsAvailable).ToArray();

    /// <summary>Returns whether this process can run the paths of <paramref name="width"/>.</summary>
    /// <param name="width">The width asked about.</param>
    /// <returns><see langword="true"/> when the CPU (and the runtime's settings) accelerate it; scalar always is.</returns>
    public static bool IsAvailable(SimdWidth width) => width switch
    {
        SimdWidth.Bits512 => Vector512.IsHardwareAccelerated,
        SimdWidth.Bits256 => Vector256.IsHardwareAccelerated,
        SimdWidth.Bits128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>A short name such as <c>512-bit</c> or <c>scalar</c>, for reports.</summary>
    /// <param name="width">The width.</param>
    /// <returns>The name.</returns>
    public static string Name(this SimdWidth width) => width == SimdWidth.Scalar ? "scalar" : $"{(int)width}-bit";

    /// <summary>Describes the instruction sets behind the widest path, for reports (for example <c>512-bit (AVX-512BW)</c>).</summary>
    /// <returns>The description.</returns>
    public static string Describe()
    {
        string isa = Widest switch
        {
            SimdWidth.Bits512 => "AVX-512",
            SimdWidth.Bits256 => "AVX2",
            SimdWidth.Bits128 when System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported => "NEON",
            SimdWidth.Bits128 => "SSE4",
            _ => "no SIMD",
        };
        return $"{Widest.Name()} ({isa})";
    }
}
