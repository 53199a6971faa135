using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using Digits.Kernels;

namespace Digits.Benchmarks;

/// <summary>Exact integer squared distance between two 784-byte images, per vector width.</summary>
public class DistanceKernelBenchmarks
{
    private readonly byte[] _a = new byte[784];
    private readonly byte[] _b = new byte[784];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        random.NextBytes(_a);
        random.NextBytes(_b);
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => ByteDistance.SquaredL2Scalar(_a, _b);

    [Benchmark]
    public int Avx2Path() => Avx2.IsSupported ? ByteDistance.SquaredL2Avx2(_a, _b) : -1;

    [Benchmark]
    public int Avx512Path() => Avx512BW.IsSupported ? ByteDistance.SquaredL2Avx512(_a, _b) : -1;
}
