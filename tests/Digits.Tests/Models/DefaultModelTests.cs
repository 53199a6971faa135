using Digits.Classifiers;
using Digits.Models;


namespace Digits.Tests.Models;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class DefaultModelTests(MnistFixture mnist)
{
    [Fact]
    public void DefaultModel_FullTestSet_EachHalfAndTheAverage()
    {
        // The neighbour half was chosen on held-out training images, the networks trained on the training set
        // only; these are their one scores on the test set, the figures in the README.
        var neighbours = DefaultModel.FitNeighbours(mnist.Data.Train);
        var model = new AverageClassifier(neighbours, PretrainedNetwork.Network) { NeighbourWeight = DefaultModel.NeighbourWeight };
        var test = mnist.Data.Test;

        Assert.Equal(NeighbourErrors, Errors(neighbours.Predict(test.Images)));
        Assert.Equal(NetworkErrors, Errors(PretrainedNetwork.Network.Predict(test.Images)));
        int errors = Errors(model.Predict(test.Images));
        Assert.True(errors < NeighbourErrors && errors < NetworkErrors, $"the average ({errors} errors) should beat both halves");
        Assert.Equal(EnsembleErrors, errors);
        for (int m = 0; m < PretrainedNetwork.Members.Count; m++)
        {
            Assert.Equal(MemberErrors[m], Errors(PretrainedNetwork.Members[m].Predict(test.Images)));
            Assert.Equal(1 - (MemberErrors[m] / 10_000.0), PretrainedNetwork.Headers[m].TestAccuracy, 9);
        }
    }

    [Fact]
    public void Classify_AveragesTheProbabilitiesAndKeepsTheNeighbours()
    {
        var neighbours = DefaultModel.FitNeighbours(mnist.Data.Train.Slice(0, 3000));
        var model = new AverageClassifier(neighbours, PretrainedNetwork.Network) { NeighbourWeight = 0.4 };
        for (int i = 0; i < 20; i++)
        {
            ReadOnlySpan<byte> image = mnist.Data.Test.Images[i];
            var a = neighbours.Classify(image);
            var b = PretrainedNetwork.Network.Classify(image);
            var both = model.Classify(image);
            for (int d = 0; d < 10; d++)
            {
                Assert.Equal((0.4 * a.Probabilities[d]) + (0.6 * b.Probabilities[d]), both.Probabilities[d], 12);
            }

            Assert.Equal(both.Probabilities.Max(), both.Confidence);
            Assert.Equal(a.Neighbors, both.Neighbors);
        }
    }

    [Fact]
    public void DefaultModel_ReRankingFewerCandidatesWhereTheNetworkIsSure_MakesNoMoreErrors()
    {
        // The shipped default re-ranks 25 candidates instead of 100 where the network is 99.99% sure; a batch and
        // single reads give the same answers.
        IDigitClassifier model = DefaultModel.Fit(mnist.Data.Train);
        var test = mnist.Data.Test;

        DigitPrediction[] batch = model.ClassifyAll(test.Images);

        Assert.Equal(EnsembleErrors, batch.Zip(test.Labels).Count(p => p.First.Digit != p.Second));
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(batch[i].Probabilities, model.Classify(test.Images[i]).Probabilities);
        }
    }

    private const int NeighbourErrors = 58;
    private const int NetworkErrors = 31;
    private const int EnsembleErrors = 29;
    private static readonly int[] MemberErrors = [36, 37];

    private int Errors(byte[] predicted) => predicted.Zip(mnist.Data.Test.Labels).Count(p => p.First != p.Second);
}
