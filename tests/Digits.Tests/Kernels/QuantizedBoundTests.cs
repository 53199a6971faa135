using Digits.Kernels;


namespace Digits.Tests.Kernels;

[Trait("Category", "Fast")]
public sealed class QuantizedBoundTests
{
    // Within the range the search guarantees (|coordinate| <= 32,767 and every distance below 2^31), the
    // largest values give sums near the limit: 66 coordinates of +-2,800 reach about 2.07e9 at worst.
    private const int Range = 2800;

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void Survivors_AndDistances_OnEveryPath_EqualScalarDefinition(SimdWidth width)
    {
        foreach (int coordinates in new[] { 2, 4, 8, 18, 34, 66 })
        {
            var random = new Random(coordinates);
            for (int round = 0; round < 200; round++)
            {
                short[] query = RandomVector(random, coordinates);
                short[] group = RandomVector(random, coordinates * 16);
                int[] norms = Norms(group, coordinates);
                long[] distances = new long[16];
                QuantizedBound.DistancesScalar(query, group, distances);
                int threshold = (int)distances.OrderBy(d => d).ElementAt(random.Next(16)); // a threshold exactly on a distance
                int queryNorm = QuantizedBound.SquaredLength(query);

                uint expected = QuantizedBound.SurvivorsScalar(query, group, threshold);
                Assert.Equal(distances.Count(d => d <= threshold), System.Numerics.BitOperations.PopCount(expected));
                Assert.Equal(expected, QuantizedBound.Survivors(query, queryNorm, group, norms, threshold, width));
                int[] vectorDistances = new int[16];
                QuantizedBound.Distances(query, queryNorm, group, norms, vectorDistances, width);
                Assert.Equal(distances, vectorDistances.Select(d => (long)d));
            }
        }
    }

    [Fact]
    public void PublicMethods_TakeTheWidestPath()
    {
        var random = new Random(5);
        short[] query = RandomVector(random, 66);
        short[] group = RandomVector(random, 66 * 16);
        int[] norms = Norms(group, 66);
        int queryNorm = QuantizedBound.SquaredLength(query);
        Assert.Equal(SimdWidths.Widest, QuantizedBound.Path);
        uint all = QuantizedBound.Survivors(query, queryNorm, group, norms, int.MaxValue);
        Assert.Equal(0xFFFFu, all);
        Assert.Equal(QuantizedBound.SurvivorsScalar(query, group, 500_000_000), QuantizedBound.Survivors(query, queryNorm, group, norms, 500_000_000));
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void SurvivorsOfFour_OnEveryPath_EqualsFourSingleQueryDefinitions(SimdWidth width)
    {
        foreach (int coordinates in new[] { 2, 6, 34, 66 })
        {
            var random = new Random(100 + coordinates);
            for (int round = 0; round < 200; round++)
            {
                short[] queries = RandomVector(random, 4 * coordinates);
                short[] group = RandomVector(random, coordinates * 16);
                int[] norms = Norms(group, coordinates);
                int[] queryNorms = new int[4];
                int[] thresholds = new int[4];
                long[] distances = new long[16];
                for (int i = 0; i < 4; i++)
                {
                    ReadOnlySpan<short> query = queries.AsSpan(i * coordinates, coordinates);
                    queryNorms[i] = QuantizedBound.SquaredLength(query);
                    QuantizedBound.DistancesScalar(query, group, distances);
                    thresholds[i] = (int)distances.OrderBy(d => d).ElementAt(random.Next(16));
                }

                uint[] masks = new uint[4];
                QuantizedBound.SurvivorsOfFour(queries, queryNorms, group, norms, thresholds, masks, width);
                for (int i = 0; i < 4; i++)
                {
                    Assert.Equal(QuantizedBound.SurvivorsScalar(queries.AsSpan(i * coordinates, coordinates), group, thresholds[i]), masks[i]);
                }

                uint[] widest = new uint[4];
                QuantizedBound.SurvivorsOfFour(queries, queryNorms, group, norms, thresholds, widest);
                Assert.Equal(masks, widest);
            }
        }
    }

    [Fact]
    public void DistancesScalar_HandComputed()
    {
        short[] query = [1, 2];
        short[] group = new short[32];
        group[0] = 4;  // lane 0, coordinate 0
        group[1] = 6;  // lane 0, coordinate 1
        group[2] = -3; // lane 1, coordinate 0
        long[] distances = new long[16];
        QuantizedBound.DistancesScalar(query, group, distances);
        Assert.Equal(9 + 16, distances[0]);
        Assert.Equal(16 + 4, distances[1]);
        Assert.Equal(1 + 4, distances[2]);
    }

    [Fact]
    public void OddCoordinateCount_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => QuantizedBound.SurvivorsScalar(new short[3], new short[48], 0));
        Assert.Contains("even number of coordinates", error.Message);
    }

    private static short[] RandomVector(Random random, int length)
        => Enumerable.Range(0, length).Select(_ => (short)random.Next(-Range, Range + 1)).ToArray();

    // Each lane's squared length, read from the pairwise layout.
    private static int[] Norms(short[] group, int coordinates)
    {
        int[] norms = new int[16];
        for (int lane = 0; lane < 16; lane++)
        {
            long sum = 0;
            for (int j = 0; j < coordinates; j++)
            {
                int value = group[((((j >> 1) * 16) + lane) * 2) + (j & 1)];
                sum += value * value;
            }

            norms[lane] = (int)sum;
        }

        return norms;
    }
}
