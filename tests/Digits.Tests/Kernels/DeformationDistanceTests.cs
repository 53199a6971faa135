using System.Runtime.Intrinsics;
using Digits.Deformation;
using Digits.Kernels;

namespace Digits.Tests.Kernels;

public sealed class DeformationDistanceTests
{
    private delegate float Kernel(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch);

    private static IEnumerable<(string Name, Kernel Kernel)> VectorPaths()
    {
        yield return ("Compute", DeformationDistance.Compute);
        if (Vector512.IsHardwareAccelerated)
        {
            yield return ("Compute512", DeformationDistance.Compute512);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            yield return ("Compute256", DeformationDistance.Compute256);
        }
    }

    /// <summary>Random planes, zero outside the 30x30 area gradients can occupy (as <see cref="GradientPlanes"/> leaves them).</summary>
    private static float[] RandomPlanes(Random random, bool integers)
    {
        var planes = new float[DeformationDistance.ImageFloats];
        for (int plane = 0; plane < DeformationDistance.PlaneCount; plane++)
        {
            for (int y = -1; y <= 28; y++)
            {
                for (int x = -1; x <= 28; x++)
                {
                    int at = (plane * DeformationDistance.GridSize) + ((y + DeformationDistance.Origin) * DeformationDistance.Stride) + x + DeformationDistance.Origin;
                    planes[at] = integers ? random.Next(-4, 5) : (float)((random.NextDouble() * 8) - 4);
                }
            }
        }

        return planes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryPath_SmallIntegerPlanes_EqualsScalarReferenceExactly(int warp)
    {
        // Given: whole-number planes, so every partial sum is exact in float whatever the order
        var random = new Random(warp);
        var scratch = new float[DeformationDistance.ScratchFloats];
        for (int trial = 0; trial < 5; trial++)
        {
            float[] q = RandomPlanes(random, integers: true);
            float[] r = RandomPlanes(random, integers: true);

            // When / Then
            float expected = DeformationDistance.ComputeScalar(q, r, warp, scratch);
            foreach (var (name, kernel) in VectorPaths())
            {
                Assert.True(expected == kernel(q, r, warp, scratch), $"{name} differs from the scalar reference at warp {warp}, trial {trial}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryPath_RandomRealPlanes_MatchesScalarReferenceClosely(int warp)
    {
        var random = new Random(100 + warp);
        var scratch = new float[DeformationDistance.ScratchFloats];
        float[] q = RandomPlanes(random, integers: false);
        float[] r = RandomPlanes(random, integers: false);
        float expected = DeformationDistance.ComputeScalar(q, r, warp, scratch);
        foreach (var (name, kernel) in VectorPaths())
        {
            float actual = kernel(q, r, warp, scratch);
            Assert.True(Math.Abs(actual - expected) <= 1e-4 * expected, $"{name}: {actual} vs scalar {expected} at warp {warp}");
        }
    }

    [Fact]
    public void Compute_SameImage_IsZero()
    {
        var random = new Random(7);
        float[] q = RandomPlanes(random, integers: false);
        Assert.Equal(0f, DeformationDistance.Compute(q, q, 2, new float[DeformationDistance.ScratchFloats]));
    }

    [Fact]
    public void Compute_ImageShiftedByOnePixel_CostsNothingWithWarpButSomethingWithout()
    {
        // Given: a digit and the same digit one pixel to the right (the shift keeps every stroke inside the image)
        var image = new byte[784];
        for (int y = 6; y < 22; y++)
        {
            image[(y * 28) + 12] = 255;
            image[(y * 28) + 13] = 200;
        }

        var shifted = new byte[784];
        for (int i = 0; i < 783; i++)
        {
            shifted[i + 1] = image[i];
        }

        var q = new float[DeformationDistance.ImageFloats];
        var r = new float[DeformationDistance.ImageFloats];
        GradientPlanes.Compute(image, q);
        GradientPlanes.Compute(shifted, r);
        var scratch = new float[DeformationDistance.ScratchFloats];

        // Then: a warp of one pixel absorbs the shift entirely; no warp does not
        Assert.Equal(0f, DeformationDistance.Compute(q, r, 1, scratch));
        Assert.True(DeformationDistance.Compute(q, r, 0, scratch) > 1f);
    }

    [Fact]
    public void Compute_BadArguments_NameWhatIsWrong()
    {
        var planes = new float[DeformationDistance.ImageFloats];
        var scratch = new float[DeformationDistance.ScratchFloats];
        var warp = Assert.Throws<ArgumentOutOfRangeException>(() => DeformationDistance.Compute(planes, planes, 4, scratch));
        Assert.Contains("warp of 0 to 3", warp.Message);
        var length = Assert.Throws<ArgumentException>(() => DeformationDistance.Compute(planes.AsSpan(1), planes, 1, scratch));
        Assert.Contains("floats of planes", length.Message);
        var small = Assert.Throws<ArgumentException>(() => DeformationDistance.Compute(planes, planes, 1, scratch.AsSpan(1)));
        Assert.Contains("scratch", small.Message);
    }
}
