using System.Runtime.Intrinsics;
using Digits.Kernels;

namespace Digits.Tests.Kernels;

public sealed class ProjectedBoundTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(33)]
    public void SurvivorsOfFour_EqualsFourSingleQueryCallsBitForBit(int coordinates)
    {
        var random = new Random(100 + coordinates);
        for (int round = 0; round < 200; round++)
        {
            float[] queries = Enumerable.Range(0, 4 * coordinates).Select(_ => (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
            float[] group = Enumerable.Range(0, coordinates * 16).Select(_ => (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
            float[] thresholds = new float[4];
            float[] bounds = new float[16];
            for (int i = 0; i < 4; i++)
            {
                ProjectedBound.BoundsScalar(queries.AsSpan(i * coordinates, coordinates), group, bounds);
                thresholds[i] = bounds.OrderBy(b => b).ElementAt(random.Next(16)); // a threshold exactly on a bound tests the rounding
            }

            uint[] masks = new uint[4];
            ProjectedBound.SurvivorsOfFour(queries, group, thresholds, masks);
            uint[] both = new uint[4];
            if (Vector512.IsHardwareAccelerated)
            {
                ProjectedBound.SurvivorsOfFour512(queries, group, thresholds, both);
                Assert.Equal(masks, both);
            }

            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(ProjectedBound.Survivors(queries.AsSpan(i * coordinates, coordinates), group, thresholds[i]), masks[i]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    public void Survivors_EveryPath_EqualsScalarReference(int coordinates)
    {
        var random = new Random(coordinates);
        for (int round = 0; round < 200; round++)
        {
            float[] query = Enumerable.Range(0, coordinates).Select(_ => (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
            float[] group = Enumerable.Range(0, coordinates * 16).Select(_ => (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
            float[] bounds = new float[16];
            ProjectedBound.BoundsScalar(query, group, bounds);
            float threshold = bounds.OrderBy(b => b).ElementAt(random.Next(16));

            uint expected = ProjectedBound.SurvivorsScalar(query, group, threshold);
            Assert.Equal(Enumerable.Range(0, 16).Count(l => bounds[l] <= threshold), System.Numerics.BitOperations.PopCount(expected));
            if (Vector512.IsHardwareAccelerated)
            {
                Assert.Equal(expected, ProjectedBound.Survivors512(query, group, threshold));
            }

            if (Vector256.IsHardwareAccelerated)
            {
                Assert.Equal(expected, ProjectedBound.Survivors256(query, group, threshold));
            }

            float[] vectorBounds = new float[16];
            ProjectedBound.Bounds(query, group, vectorBounds);
            Assert.Equal(bounds, vectorBounds);
        }
    }

    [Fact]
    public void BoundsScalar_HandComputed()
    {
        float[] query = [1, 2];
        float[] group = new float[32];
        group[0] = 4;   // lane 0, coordinate 0
        group[16] = 6;  // lane 0, coordinate 1
        float[] bounds = new float[16];
        ProjectedBound.BoundsScalar(query, group, bounds);
        Assert.Equal(9 + 16, bounds[0]);
        Assert.Equal(1 + 4, bounds[1]);
    }
}
