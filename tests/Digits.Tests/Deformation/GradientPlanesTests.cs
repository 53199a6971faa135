using Digits.Deformation;
using Digits.Kernels;

namespace Digits.Tests.Deformation;

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

    [Fact]
    public void Compute_WrongSize_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientPlanes.Compute(new byte[100], new float[DeformationDistance.ImageFloats]));
        Assert.Contains("28x28", error.Message);
    }
}
