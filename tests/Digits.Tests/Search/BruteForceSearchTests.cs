using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Search;


namespace Digits.Tests.Search;

[Trait("Category", "Fast")]
public sealed class BruteForceSearchTests
{
    [Theory]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Manhattan)]
    [InlineData(DistanceMetric.Cosine)]
    public void Search_RandomImagesWithDuplicates_EqualsPairByPairOracle(DistanceMetric metric)
    {
        var random = new Random((int)metric + 1);
        byte[] pixels = new byte[300 * 50];
        random.NextBytes(pixels);
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(pixels[i] & 0x0f); // small values make equal distances common
        }

        Array.Copy(pixels, 0, pixels, 50 * 7, 50); // image 7 duplicates image 0
        var training = new ImageSet(pixels, 300, 5, 10);
        var queries = training.Slice(0, 40);
        var results = new NeighborResults(queries.Count, 5);
        new BruteForceSearch(training, metric).Search(queries, results, null, default);

        for (int q = 0; q < queries.Count; q++)
        {
            var expected = Enumerable.Range(0, training.Count)
                .Select(t => (Distance: Oracle(metric, queries[q], training[t]), Index: t))
                .OrderBy(p => p.Distance).ThenBy(p => p.Index).Take(5).ToArray();
            Assert.Equal(expected.Select(p => p.Index), results.IndicesOf(q).ToArray());
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(expected[j].Distance, results.DistancesOf(q)[j], 12);
            }
        }
    }

    [Fact]
    public void Search_QueriesOfOtherSize_ThrowsNamingSizes()
    {
        var search = new BruteForceSearch(new ImageSet(new byte[784 * 2], 2, 28, 28), DistanceMetric.Euclidean);
        var ex = Assert.Throws<ArgumentException>(() => search.Search(new ImageSet(new byte[10], 1, 2, 5), new NeighborResults(1, 1), null, default));
        Assert.Contains("28x28", ex.Message);
    }

    // Exact integer sums, so equal distances are really equal and ordering by (distance, index) is well defined.
    private static double Oracle(DistanceMetric metric, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long sq = 0, l1 = 0, dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            sq += d * d;
            l1 += Math.Abs(d);
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return metric switch
        {
            DistanceMetric.Euclidean => Math.Sqrt(sq) / 255.0,
            DistanceMetric.Manhattan => l1 / 255.0,
            _ => na == 0 || nb == 0 ? 1.0 : Math.Max(0, 1 - (dot / Math.Sqrt((double)na * nb))),
        };
    }
}
