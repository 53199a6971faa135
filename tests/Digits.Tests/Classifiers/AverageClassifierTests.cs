using Digits.Classifiers;
using Digits.Images;

namespace Digits.Tests.Classifiers;

[Trait("Category", "Fast")]
public sealed class AverageClassifierTests
{
    // Answers `digit` at `confidence` for every image whose first pixel is at least `from`, else `otherwise`;
    // counts how many images it was asked about.
    private sealed class Fixed(string name, Func<byte, (int Digit, double Confidence)> answer) : IDigitClassifier
    {
        public int Asked;

        public string Description => name;

        public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
            => ((IDigitClassifier)this).ClassifyAll(images, progress, cancellationToken).Select(p => (byte)p.Digit).ToArray();

        public DigitPrediction Classify(ReadOnlySpan<byte> image)
        {
            Interlocked.Increment(ref Asked);
            var (digit, confidence) = answer(image[0]);
            var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
            probabilities[digit] = confidence;
            return new DigitPrediction(digit, probabilities, []);
        }
    }

    private static ImageSet Images(params byte[] firstPixels)
    {
        var pixels = new byte[firstPixels.Length * 784];
        for (int i = 0; i < firstPixels.Length; i++)
        {
            pixels[i * 784] = firstPixels[i];
        }

        return new ImageSet(pixels, firstPixels.Length, 28, 28);
    }

    [Fact]
    public void QuickNeighbours_AreAskedOnlyWhereTheNetworkIsSure_OneByOneAndInABatch()
    {
        // Given: a network sure of images whose first pixel is 200 or more, unsure of the rest
        var network = new Fixed("network", p => p >= 200 ? (3, 0.99995) : (5, 0.6));
        var full = new Fixed("full", _ => (5, 1.0));
        var quick = new Fixed("quick", _ => (3, 1.0));
        var model = new AverageClassifier(full, network) { QuickNeighbours = quick, SureAbove = 0.9999 };
        ImageSet images = Images(250, 10, 200, 199, 255);

        // When
        DigitPrediction[] batch = model.ClassifyAll(images);
        int[] single = [.. Enumerable.Range(0, images.Count).Select(i => model.Classify(images[i]).Digit)];

        // Then: the sure images went to the quick model, the others to the full one, in the images' order
        Assert.Equal([3, 5, 3, 5, 3], batch.Select(p => p.Digit));
        Assert.Equal([3, 5, 3, 5, 3], single);
        Assert.Equal(2 * 3, quick.Asked);
        Assert.Equal(2 * 2, full.Asked);
        Assert.Contains("with [quick] where the network is 99.99% sure", model.Description);
    }

    [Fact]
    public void WithoutQuickNeighbours_TheFullModelIsAlwaysAsked()
    {
        var network = new Fixed("network", _ => (3, 1.0));
        var full = new Fixed("full", _ => (3, 1.0));
        var model = new AverageClassifier(full, network);

        model.ClassifyAll(Images(1, 2, 3));

        Assert.Equal(3, full.Asked);
        Assert.Equal("average of [full] and [network]", model.Description);
    }

    [Fact]
    public void GivenTheNetworksAnswer_OnlyTheNeighboursAreAsked_AndTheAnswerIsTheSame()
    {
        var network = new Fixed("network", p => p >= 200 ? (3, 0.99995) : (5, 0.6));
        var full = new Fixed("full", _ => (7, 1.0));
        var quick = new Fixed("quick", _ => (3, 1.0));
        var model = new AverageClassifier(full, network) { QuickNeighbours = quick, SureAbove = 0.9999, NeighbourWeight = 0.4 };
        ImageSet images = Images(250, 10);
        DigitPrediction[] known = [network.Classify(images[0]), network.Classify(images[1])];
        network.Asked = 0;

        DigitPrediction[] given = [model.Classify(images[0], known[0]), model.Classify(images[1], known[1])];

        Assert.Equal(0, network.Asked);
        Assert.Equal((1, 1), (quick.Asked, full.Asked));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(model.Classify(images[i]).Probabilities, given[i].Probabilities);
        }

        Assert.Equal([3, 7], given.Select(p => p.Digit));
    }

    [Fact]
    public void SettledNeighbours_AreAskedWhereNoVoteCanChangeTheAnswer_AndTheAnswerIsTheFullModels()
    {
        // Given: neighbours weighing 0.4, so an answer is settled once the network is more than 1 / 1.2 sure
        var network = new Fixed("network", p => p switch { >= 250 => (3, 0.99995), >= 100 => (3, 0.84), >= 50 => (3, 0.83), _ => (3, 0.6) });
        var full = new Fixed("full", _ => (5, 1.0));
        var settled = new Fixed("settled", _ => (5, 1.0));
        var quick = new Fixed("quick", _ => (5, 1.0));
        var model = new AverageClassifier(full, network) { QuickNeighbours = quick, SureAbove = 0.9999, SettledNeighbours = settled, NeighbourWeight = 0.4, PersonalWeight = 0.4 };
        ImageSet images = Images(255, 100, 99, 10, 180);

        // When: every neighbour model votes unanimously against the network
        DigitPrediction[] batch = model.ClassifyAll(images);
        int[] single = [.. Enumerable.Range(0, images.Count).Select(i => model.Classify(images[i]).Digit)];

        // Then: from 0.84 on the network's 3 stands (0.6 x 0.84 > 0.4 + 0.6 x 0.16) and the settled model was
        // asked; at 0.83 and 0.6 the full model was, and at 0.6 its 5 wins
        Assert.Equal(1d / 1.2, model.SettledAbove, 12);
        Assert.Equal([3, 3, 3, 5, 3], batch.Select(p => p.Digit));
        Assert.Equal([3, 3, 3, 5, 3], single);
        Assert.Equal((2, 4, 4), (quick.Asked, settled.Asked, full.Asked));
        Assert.Contains("with [settled] where no vote can change the network's answer (it is 83.33% sure), [quick] where the network is 99.99% sure", model.Description);
    }

    [Fact]
    public void WhenTheNeighboursCanWeighHalf_NoAnswerIsSettled()
    {
        var network = new Fixed("network", _ => (3, 0.999));
        var full = new Fixed("full", _ => (3, 1.0));
        var settled = new Fixed("settled", _ => (3, 1.0));
        var model = new AverageClassifier(full, network) { SettledNeighbours = settled, NeighbourWeight = 0.4, PersonalWeight = 0.5 };

        model.ClassifyAll(Images(1, 2));

        Assert.Equal((0, 2), (settled.Asked, full.Asked));
        Assert.DoesNotContain("settled", model.Description);
    }
}
