using BenchmarkDotNet.Attributes;
using Digits.Kernels;

namespace Digits.Benchmarks;

/// <summary>The IDM distance between two digits (gradient planes ready), per vector width this machine runs and warp; and the planes themselves.</summary>
public class DeformationKernelBenchmarks
{
    private readonly float[] _query = new float[DeformationDistance.ImageFloats];
    private readonly float[] _reference = new float[DeformationDistance.ImageFloats];
    private readonly float[] _scratch = new float[DeformationDistance.ScratchFloats];
    private readonly byte[] _image = new byte[784];

    [Params(1, 2)]
    public int Warp { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Two blobby strokes, like digits: a filled bar and a ring.
        for (int y = 6; y < 22; y++)
        {
            for (int x = 12; x < 16; x++)
            {
                _image[(y * 28) + x] = 255;
            }
        }

        GradientPlanes.Compute(_image, _query);
        var ring = new byte[784];
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double r = Math.Sqrt(((x - 14) * (x - 14)) + ((y - 14) * (y - 14)));
                ring[(y * 28) + x] = r is > 5 and < 8 ? (byte)255 : (byte)0;
            }
        }

        GradientPlanes.Compute(ring, _reference);
    }

    [ParamsSource(nameof(Widths))]
    public SimdWidth Width { get; set; }

    public static IEnumerable<SimdWidth> Widths => SimdWidths.Available;

    [Benchmark]
    public float Distance() => DeformationDistance.Compute(_query, _reference, Warp, _scratch, Width);

    [Benchmark]
    public void Planes() => GradientPlanes.Compute(_image, _reference);
}
