using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Search;


namespace Digits.Tests.Search;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class ProjectionPrunedSearchTests(MnistFixture mnist)
{
    [Fact]
    public void Search_MnistQueries_EqualsBruteForceIndicesAndDistances()
    {
        ImageSet training = mnist.Data.Train.Images;
        ImageSet queries = mnist.Data.Test.Images.Slice(0, 2000);
        var fast = new NeighborResults(queries.Count, 5);
        var brute = new NeighborResults(queries.Count, 5);

        new ProjectionPrunedSearch(training).Search(queries, fast, null, default);
        new BruteForceSearch(training, DistanceMetric.Euclidean).Search(queries, brute, null, default);

        Assert.Equal(brute.Indices, fast.Indices);
        Assert.Equal(brute.Distances, fast.Distances);
    }

    [Fact]
    public void Search_TrainingImagesAsQueries_FindThemselvesOrAnEarlierDuplicateFirst()
    {
        ImageSet training = mnist.Data.Train.Images;
        var queries = training.Slice(100, 300);
        var fast = new NeighborResults(queries.Count, 3);
        new ProjectionPrunedSearch(training).Search(queries, fast, null, default);
        for (int q = 0; q < queries.Count; q++)
        {
            Assert.Equal(0.0, fast.DistancesOf(q)[0]);
            Assert.True(fast.IndicesOf(q)[0] <= 100 + q);
        }
    }

    [Fact]
    public void Search_RandomDataWithManyDuplicatesAndTies_EqualsBruteForce()
    {
        var random = new Random(3);
        int count = 3000, dim = 40;
        byte[] pixels = new byte[count * dim];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(random.Next(4) * 60);
        }

        for (int i = 0; i < 300; i++)
        {
            Array.Copy(pixels, random.Next(count) * dim, pixels, random.Next(count) * dim, dim);
        }

        var training = new ImageSet(pixels, count, 4, 10);
        var queries = new ImageSet(pixels.AsSpan(0, 200 * dim).ToArray(), 200, 4, 10);
        var fast = new NeighborResults(200, 7);
        var brute = new NeighborResults(200, 7);
        new ProjectionPrunedSearch(training, components: 6).Search(queries, fast, null, default);
        new BruteForceSearch(training, DistanceMetric.Euclidean).Search(queries, brute, null, default);

        Assert.Equal(brute.Indices, fast.Indices);
        Assert.Equal(brute.Distances, fast.Distances);
    }

    [Fact]
    public void Search_ExtremeImages_NoIntegerOverflow_EqualsBruteForce()
    {
        // All-black, all-white and random black-and-white images reach the largest coordinates and
        // distances the 16-bit bound has to hold (a wrapped sum would skip true neighbours).
        var random = new Random(11);
        int count = 1001, dim = 784;
        byte[] pixels = new byte[count * dim];
        for (int i = 0; i < count; i++)
        {
            for (int p = 0; p < dim; p++)
            {
                pixels[(i * dim) + p] = i switch
                {
                    0 => 0,
                    1 => 255,
                    _ when i % 3 == 0 => (byte)(random.Next(2) * 255),
                    _ => (byte)(p < random.Next(dim) ? 255 : 0),
                };
            }
        }

        var training = new ImageSet(pixels, count, 28, 28);
        var queries = new ImageSet(pixels.AsSpan(0, 120 * dim).ToArray(), 120, 28, 28);
        var fast = new NeighborResults(queries.Count, 4);
        var brute = new NeighborResults(queries.Count, 4);
        new ProjectionPrunedSearch(training).Search(queries, fast, null, default);
        new BruteForceSearch(training, DistanceMetric.Euclidean).Search(queries, brute, null, default);

        Assert.Equal(brute.Indices, fast.Indices);
        Assert.Equal(brute.Distances, fast.Distances);
    }
}
