using CsCheck;
using Digits.Search;


namespace Digits.Tests.Search;

[Trait("Category", "Fast")]
public sealed class TopKTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Drain_RandomKeysWithTies_EqualsSortByKeyThenIndex(int k)
    {
        var random = new Random(k);
        for (int round = 0; round < 50; round++)
        {
            var pairs = Enumerable.Range(0, random.Next(0, 40)).Select(i => (Key: (double)random.Next(0, 8), Index: i)).ToArray();
            var heap = new TopK(k);
            foreach (var (key, index) in pairs.OrderBy(_ => random.Next()))
            {
                heap.Add(key, index);
            }

            var expected = pairs.OrderBy(p => p.Key).ThenBy(p => p.Index).Take(k).ToArray();
            var keys = new double[k];
            var indices = new int[k];
            int n = heap.Drain(keys, indices);

            Assert.Equal(expected.Length, n);
            Assert.Equal(expected.Select(p => p.Key), keys[..n]);
            Assert.Equal(expected.Select(p => p.Index), indices[..n]);
        }
    }

    [Fact]
    public void Drain_GeneratedKeysAndK_EqualsAFullSortByKeyThenIndex()
    {
        // Few distinct keys (many ties), any order, k from 1 to past the number of candidates.
        var cases = Gen.Select(Gen.Int[0, 12].Select(key => (double)key).Array[0, 200], Gen.Int[1, 220]);
        cases.Sample((keys, k) =>
        {
            var heap = new TopK(k);
            for (int i = 0; i < keys.Length; i++)
            {
                heap.Add(keys[i], i);
            }

            var expected = keys.Select((key, index) => (key, index)).OrderBy(p => p.key).ThenBy(p => p.index).Take(k).ToArray();
            var drainedKeys = new double[k];
            var drainedIndices = new int[k];
            int n = heap.Drain(drainedKeys, drainedIndices);
            Assert.Equal(expected.Select(p => p.key), drainedKeys[..n]);
            Assert.Equal(expected.Select(p => p.index), drainedIndices[..n]);
        }, iter: 500);
    }

    [Fact]
    public void Threshold_IsInfiniteUntilFull_ThenKthSmallest()
    {
        var heap = new TopK(2);
        heap.Add(5, 0);
        Assert.Equal(double.PositiveInfinity, heap.Threshold);
        heap.Add(3, 1);
        heap.Add(4, 2);
        Assert.Equal(4, heap.Threshold);
    }
}
