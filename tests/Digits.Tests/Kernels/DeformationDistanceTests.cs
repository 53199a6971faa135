using Digits.Kernels;


namespace Digits.Tests.Kernels;

[Trait("Category", "Fast")]
public sealed class DeformationDistanceTests
{
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

    /// <summary>The definition, pixel by pixel: the cheapest 3x3 context match within the warp, summed.</summary>
    private static double Definition(float[] query, float[] reference, int warp)
    {
        const int stride = DeformationDistance.Stride, origin = DeformationDistance.Origin;
        double total = 0;
        for (int y = -1; y <= 28; y++)
        {
            for (int x = -1; x <= 28; x++)
            {
                double cheapest = double.MaxValue;
                for (int dy = -warp; dy <= warp; dy++)
                {
                    for (int dx = -warp; dx <= warp; dx++)
                    {
                        double context = 0;
                        for (int oy = -1; oy <= 1; oy++)
                        {
                            for (int ox = -1; ox <= 1; ox++)
                            {
                                int at = ((y + oy + origin) * stride) + x + ox + origin;
                                int shifted = at + (dy * stride) + dx;
                                for (int plane = 0; plane < DeformationDistance.PlaneCount; plane++)
                                {
                                    double e = query[(plane * DeformationDistance.GridSize) + at] - reference[(plane * DeformationDistance.GridSize) + shifted];
                                    context += e * e;
                                }
                            }
                        }

                        cheapest = Math.Min(cheapest, context);
                    }
                }

                total += cheapest;
            }
        }

        return total;
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void EveryPath_SmallIntegerPlanes_EqualsDefinitionExactly(SimdWidth width)
    {
        // Given: whole-number planes, so every partial sum is exact in float whatever the order
        var random = new Random(1);
        var scratch = new float[DeformationDistance.ScratchFloats];
        for (int warp = 0; warp <= DeformationDistance.MaxWarp; warp++)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                float[] q = RandomPlanes(random, integers: true);
                float[] r = RandomPlanes(random, integers: true);

                // When / Then
                double expected = Definition(q, r, warp);
                Assert.True(expected == DeformationDistance.Compute(q, r, warp, scratch, width), $"the {width.Name()} path differs from the definition at warp {warp}, trial {trial}");
            }
        }
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    public void EveryVectorPath_RandomRealPlanes_EqualsScalarPathBitForBit_AndDefinitionClosely(SimdWidth width)
    {
        var random = new Random(100 + (int)width);
        var scratch = new float[DeformationDistance.ScratchFloats];
        for (int warp = 1; warp <= DeformationDistance.MaxWarp; warp++)
        {
            for (int trial = 0; trial < 4; trial++)
            {
                float[] q = RandomPlanes(random, integers: false);
                float[] r = RandomPlanes(random, integers: false);
                float scalar = DeformationDistance.Compute(q, r, warp, scratch, SimdWidth.Scalar);
                float vector = DeformationDistance.Compute(q, r, warp, scratch, width);
                Assert.True(BitConverter.SingleToInt32Bits(scalar) == BitConverter.SingleToInt32Bits(vector), $"{width.Name()}: {vector} vs scalar {scalar} at warp {warp}");
                double definition = Definition(q, r, warp);
                Assert.True(Math.Abs(vector - definition) <= 1e-5 * definition, $"{width.Name()}: {vector} vs definition {definition} at warp {warp}");
            }
        }
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void ComputeBounded_ExactWithinLimit_AboveLimitAndAtMostExactWhenStopped(SimdWidth width)
    {
        var random = new Random(200 + (int)width);
        var scratch = new float[DeformationDistance.ScratchFloats];
        int stopped = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            float[] q = RandomPlanes(random, integers: false);
            float[] r = RandomPlanes(random, integers: false);
            float exact = DeformationDistance.Compute(q, r, 2, scratch, width);
            float limit = trial == 0 ? exact : (float)(exact * random.NextDouble() * 1.5);
            float bounded = DeformationDistance.ComputeBounded(q, r, 2, scratch, limit, width);
            if (exact <= limit)
            {
                Assert.Equal(exact, bounded);
            }
            else
            {
                Assert.True(bounded > limit && bounded <= exact, $"{width.Name()}: {bounded} with limit {limit}, exact {exact}");
                stopped += bounded < exact ? 1 : 0;
            }
        }

        Assert.True(stopped > 5, $"only {stopped} of 40 stopped early");
    }

    [Fact]
    public void Compute_TakesTheWidestPath()
    {
        var random = new Random(9);
        float[] q = RandomPlanes(random, integers: false);
        float[] r = RandomPlanes(random, integers: false);
        var scratch = new float[DeformationDistance.ScratchFloats];
        Assert.Equal(SimdWidths.Widest, DeformationDistance.Path);
        Assert.Equal(DeformationDistance.Compute(q, r, 2, scratch, SimdWidths.Widest), DeformationDistance.Compute(q, r, 2, scratch));
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
