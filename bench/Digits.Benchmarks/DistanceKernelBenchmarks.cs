using BenchmarkDotNet.Attributes;
using Digits.Kernels;

namespace Digits.Benchmarks;

/// <summary>Exact integer squared distance between two 784-byte images, per vector width this machine runs.</summary>
public class DistanceKernelBenchmarks
{
    private readonly byte[] _a = new byte[784];
    private readonly byte[] _b = new byte[784];

    [ParamsSource(nameof(Widths))]
    public SimdWidth Width { get; set; }

    public static IEnumerable<SimdWidth> Widths => SimdWidths.Available;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        random.NextBytes(_a);
        random.NextBytes(_b);
    }

    [Benchmark]
    public int SquaredL2() => ByteDistance.SquaredL2(_a, _b, Width);

    [Benchmark]
    public int SquaredL2Bounded() => ByteDistance.SquaredL2Bounded(_a, _b, int.MaxValue, Width);
}
