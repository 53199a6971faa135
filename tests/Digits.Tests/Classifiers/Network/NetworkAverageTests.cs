using Digits.Classifiers;
using Digits.Classifiers.Network;
using Digits.Images;

namespace Digits.Tests.Classifiers.Network;

[Trait("Category", "Fast")]
public sealed class NetworkAverageTests
{
    // Gives every image the same ten probabilities.
    private sealed class Fixed(string name, double[] probabilities) : IDigitClassifier
    {
        public string Description => name;

        public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
            => ((IDigitClassifier)this).ClassifyAll(images, progress, cancellationToken).Select(p => (byte)p.Digit).ToArray();

        public DigitPrediction Classify(ReadOnlySpan<byte> image)
            => new(Array.IndexOf(probabilities, probabilities.Max()), probabilities, []);
    }

    private static double[] Probabilities(params (int Digit, double P)[] entries)
    {
        var p = new double[10];
        foreach (var (digit, value) in entries)
        {
            p[digit] = value;
        }

        return p;
    }

    [Fact]
    public void TheAverageDecides_EvenAgainstEachMembersTopDigit_OneByOneAndInABatch()
    {
        // Given: one network says 4 (0.5) over 6 (0.4), the other 9 (0.5) over 6 (0.4)
        var first = new Fixed("CNN a", Probabilities((4, 0.5), (6, 0.4), (1, 0.1)));
        var second = new Fixed("CNN a", Probabilities((9, 0.5), (6, 0.4), (1, 0.1)));
        var average = new NetworkAverage([first, second]);
        var images = new ImageSet(new byte[3 * 784], 3, 28, 28);
        var reported = new System.Collections.Concurrent.ConcurrentQueue<int>();

        // When
        DigitPrediction one = average.Classify(images[0]);
        DigitPrediction[] batch = average.ClassifyAll(images, new InlineReports(reported));

        // Then: 6 has the highest average (0.4), and the probabilities are the members' mean
        Assert.Equal(6, one.Digit);
        Assert.Equal(0.4, one.Confidence, 12);
        Assert.Equal(0.25, one.Probabilities[4], 12);
        Assert.All(batch, p => Assert.Equal(one.Probabilities, p.Probabilities));
        Assert.Equal("average of 2 networks, each CNN a", average.Description);
        Assert.Equal(3, reported.Last());
    }

    [Fact]
    public void FewerThanTwoMembers_AreRefusedWithTheCount()
    {
        var only = new Fixed("CNN", Probabilities((1, 1.0)));

        var error = Assert.Throws<ArgumentException>(() => new NetworkAverage([only]));

        Assert.Contains("two or more networks, got 1", error.Message);
    }

    private sealed class InlineReports(System.Collections.Concurrent.ConcurrentQueue<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Enqueue(value);
    }
}
