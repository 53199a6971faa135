using Digits.Kernels;
using Digits.Tests.Kernels;

namespace Digits.Tests.Kernels;

[Trait("Category", "Fast")]
public sealed class GradientPlanesTests
{
    private static float At(float[] planes, int plane, int x, int y)
        => planes[(plane * DeformationDistance.GridSize) + ((y + DeformationDistance.Origin) * DeformationDistance.Stride) + x + DeformationDistance.Origin];

    [Fact]
    public void Compute_VerticalEdge_GivesHorizontalGradientOnly()
    {
        // Given: left half black, right half white
        var image = new byte[784];
        for (int y = 0; y < 28; y++)
        {
            for (int x = 14; x < 28; x++)
            {
                image[(y * 28) + x] = 255;
            }
        }

        var planes = new float[DeformationDistance.ImageFloats];
        GradientPlanes.Compute(image, planes);

        // Then: Sobel x = 4 on the edge (mid-image rows), 0 in flat areas; Sobel y = 0 away from the top and bottom
        Assert.Equal(4f, At(planes, 0, 13, 10));
        Assert.Equal(4f, At(planes, 0, 14, 10));
        Assert.Equal(0f, At(planes, 0, 5, 10));
        Assert.Equal(0f, At(planes, 1, 14, 10));

        // The image is zero outside, so the right border has a falling edge, and the top border a vertical one
        Assert.Equal(-4f, At(planes, 0, 28, 10));
        Assert.True(At(planes, 1, 20, -1) > 0);
    }

    [Fact]
    public void Compute_LeavesTheMarginsZero()
    {
        var image = Enumerable.Repeat((byte)255, 784).ToArray();
        var planes = Enumerable.Repeat(9f, DeformationDistance.ImageFloats).ToArray();
        GradientPlanes.Compute(image, planes);
        Assert.Equal(0f, At(planes, 0, -2, 5));
        Assert.Equal(0f, At(planes, 1, 5, 29));
        Assert.Equal(0f, planes[0]);
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void Compute_EveryPath_EqualsSobelDefinitionBitForBit(SimdWidth width)
    {
        var random = new Random(4);
        var image = new byte[784];
        var planes = new float[DeformationDistance.ImageFloats];
        for (int trial = 0; trial < 20; trial++)
        {
            random.NextBytes(image);
            GradientPlanes.Compute(image, planes, width);
            float P(int x, int y) => x is < 0 or >= 28 || y is < 0 or >= 28 ? 0 : image[(y * 28) + x] * (1f / 255f);
            for (int y = -3; y <= 30; y++)
            {
                for (int x = -3; x <= 30; x++)
                {
                    bool inside = x is >= -1 and <= 28 && y is >= -1 and <= 28;
                    float h = inside ? P(x + 1, y - 1) + (2 * P(x + 1, y)) + P(x + 1, y + 1) - P(x - 1, y - 1) - (2 * P(x - 1, y)) - P(x - 1, y + 1) : 0;
                    float v = inside ? P(x - 1, y + 1) + (2 * P(x, y + 1)) + P(x + 1, y + 1) - P(x - 1, y - 1) - (2 * P(x, y - 1)) - P(x + 1, y - 1) : 0;
                    Assert.True(h == At(planes, 0, x, y) && v == At(planes, 1, x, y), $"{width.Name()}: pixel ({x}, {y})");
                }
            }
        }
    }

    [Fact]
    public void Overwrite_AfterAnotherImage_EqualsCompute()
    {
        var random = new Random(5);
        byte[] first = new byte[784], second = new byte[784];
        random.NextBytes(first);
        random.NextBytes(second);
        var reused = new float[DeformationDistance.ImageFloats];
        var fresh = new float[DeformationDistance.ImageFloats];
        GradientPlanes.Compute(first, reused);
        GradientPlanes.Overwrite(second, reused);
        GradientPlanes.Compute(second, fresh);
        Assert.Equal(fresh, reused);
    }

    [Fact]
    public void Compute_WrongSize_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientPlanes.Compute(new byte[100], new float[DeformationDistance.ImageFloats]));
        Assert.Contains("28x28", error.Message);
    }
}
